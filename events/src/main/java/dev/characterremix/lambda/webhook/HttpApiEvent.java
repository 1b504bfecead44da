package dev.characterremix.lambda.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The parts of an API Gateway HTTP API event (payload format 2.0) a webhook delivery needs: headers (their names in
 * lower case, as the HTTP API sends them), the query string's parameters and the raw body.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpApiEvent(Map<String, String> headers, Map<String, String> queryStringParameters, String body,
        @JsonProperty("isBase64Encoded") boolean base64Encoded) {

    public String header(String lowerCaseName) {
        return headers == null ? null : headers.get(lowerCaseName);
    }

    public String query(String name) {
        return queryStringParameters == null ? null : queryStringParameters.get(name);
    }

    /** The body's bytes as the sender sent them (the signature covers these, not a re-encoding). */
    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        return base64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }
}
