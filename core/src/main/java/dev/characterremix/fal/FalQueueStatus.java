package dev.characterremix.fal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * fal's queue status object, as returned by submit (IN_QUEUE) and by the status endpoint. Unknown fields are ignored
 * and the log entries are kept as raw JSON, since fal's clients disagree on their shape.
 *
 * @param status IN_QUEUE, IN_PROGRESS or COMPLETED (kept as text so a new state cannot break parsing)
 * @param error set on COMPLETED when the job failed, e.g. "Request timed out"
 * @param errorType fal's machine-readable error type, e.g. {@code request_timeout}
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FalQueueStatus(
        String status,
        String requestId,
        String responseUrl,
        String statusUrl,
        String cancelUrl,
        Integer queuePosition,
        JsonNode logs,
        JsonNode metrics,
        String error,
        String errorType) {

    public static final String IN_QUEUE = "IN_QUEUE";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    /** COMPLETED, but with an error instead of a result. */
    public boolean failed() {
        return completed() && (error != null || errorType != null);
    }
}
