package dev.characterremix.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.fal.FalOutput;
import dev.characterremix.job.RemixResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What fal posts to a webhook when a job ends (fal-protocol.md §3).
 *
 * @param status {@code OK} (the payload is the model's output) or {@code ERROR}
 * @param payload the model's output, or its error body; null when it was not JSON ({@code payloadError} says why)
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FalWebhookDelivery(String requestId, String gatewayRequestId, String status, JsonNode payload,
        String error, String payloadError) {

    public boolean ok() {
        return "OK".equals(status);
    }

    /**
     * Whether fal sent the job's output along: not when it left it out ({@code payload} null, {@code payload_error}
     * saying why), in which case the output is still at fal, by the request id.
     */
    public boolean carriesOutput() {
        return payload != null && !payload.isNull();
    }

    /** The job's output as a result; a delivery without images is not one fal sends for this model (400). */
    public RemixResult result(ObjectMapper mapper) {
        FalOutput output;
        try {
            output = mapper.treeToValue(payload, FalOutput.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            output = null;
        }
        if (output == null || output.images() == null || output.images().isEmpty()) {
            throw new WebhookRefused(400, "the delivery of fal job " + requestId + " carries no images");
        }
        return new RemixResult(output.images(), output.seed(), requestId);
    }
}
