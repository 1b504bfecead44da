package dev.characterremix.lambda.webhook;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An API Gateway HTTP API answer (payload format 2.0): a status and a small JSON body. */
@RegisterForReflection
public record HttpApiAnswer(int statusCode, Map<String, String> headers, String body) {

    static HttpApiAnswer of(int status, String message) {
        return new HttpApiAnswer(status, Map.of("Content-Type", "application/json"),
                "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
