package dev.characterremix.s3;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The marker that makes an upload run once: who holds it, how far it got (with fal's request id once the job was
 * accepted, so a retry resumes that job instead of paying for a second one) and when it last moved.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Claim(State state, String falRequestId, int attempt, Instant updatedAt, String bucket, String key,
        String revision) {

    /** CLAIMED and SUBMITTED are in flight; DONE and FAILED are outcomes (FAILED may be retried). */
    public enum State {
        CLAIMED, SUBMITTED, DONE, FAILED
    }

    Claim with(State newState, String requestId) {
        return new Claim(newState, requestId == null ? falRequestId : requestId, attempt, Instant.now(), bucket, key,
                revision);
    }

    boolean inFlight() {
        return state == State.CLAIMED || state == State.SUBMITTED;
    }
}
