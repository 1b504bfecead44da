package dev.characterremix.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.job.RemixResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job as the HTTP API shows it.
 *
 * @param status IN_QUEUE, IN_PROGRESS, COMPLETED, FAILED, or CANCELLATION_REQUESTED right after a cancel
 * @param queuePosition jobs ahead of this one, while IN_QUEUE
 * @param result the images and seed, once COMPLETED
 * @param error what went wrong, once FAILED
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobView(String jobId, String status, Integer queuePosition, RemixResult result, Problem error,
        String falRequestId) {
}
