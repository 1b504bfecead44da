package dev.characterremix.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

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
}
