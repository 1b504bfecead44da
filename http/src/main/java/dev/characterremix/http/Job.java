package dev.characterremix.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.job.RemixResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job as the HTTP API shows it: every remix answer, whether it waited for the result (200) or not (202), and every
 * status read is this one document, so a client has one type to handle.
 *
 * @param jobId the id to follow the job by, {@code /v1/remix/jobs/{job_id}}
 * @param queuePosition jobs ahead of this one, while IN_QUEUE
 * @param result the images and seed, once COMPLETED
 * @param error what went wrong, once FAILED or CANCELLED
 * @param falRequestId fal's request id, to trace the job at fal
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Job", requiredProperties = { "job_id", "status", "fal_request_id" })
public record Job(
        @Schema(description = "The id to follow the job by: GET /v1/remix/jobs/{job_id}") String jobId,
        JobState status,
        @Schema(description = "Jobs ahead of this one at fal, while IN_QUEUE") Integer queuePosition,
        @Schema(description = "The images and seed, once COMPLETED") RemixResult result,
        @Schema(description = "What went wrong, once FAILED or CANCELLED") Problem error,
        @Schema(description = "fal's request id, to trace the job at fal") String falRequestId) {
}
