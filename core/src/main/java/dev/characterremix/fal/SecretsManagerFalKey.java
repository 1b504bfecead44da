package dev.characterremix.fal;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.UpstreamAuthError;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads the fal key from one Secrets Manager secret (AWS SDK v2) and caches it. Errors name the secret and AWS's
 * error code, never a value.
 * <p>
 * Each read asks Secrets Manager to close its connection after answering: the key is read once at init and again only
 * after a rotation, so a kept-alive connection would save nothing, and the init-time one would otherwise sit in the
 * JDK's keep-alive cache when SnapStart takes its snapshot and be restored into every environment.
 */
final class SecretsManagerFalKey {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String arn;
    private final URI endpoint;
    private volatile SecretsManagerClient client;
    private volatile String cached;

    SecretsManagerFalKey(String arn, URI endpoint) {
        this.arn = arn;
        this.endpoint = endpoint;
    }

    String arn() {
        return arn;
    }

    String key() {
        String key = cached;
        if (key == null) {
            synchronized (this) {
                if (cached == null) {
                    cached = read();
                }
                key = cached;
            }
        }
        return key;
    }

    /** Reads the secret again; true when the key changed (e.g. it was rotated). */
    synchronized boolean reload() {
        String previous = cached;
        cached = read();
        return !cached.equals(previous);
    }

    private String read() {
        try {
            String value = client().getSecretValue(request -> request.secretId(arn)).secretString();
            if (value == null || value.isBlank()) {
                throw new UpstreamAuthError(0, "The fal key secret " + arn + " has no string value");
            }
            return extract(value.strip());
        } catch (ResourceNotFoundException e) {
            throw new UpstreamAuthError(0, "The fal key secret " + arn + " does not exist");
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null
                    ? String.valueOf(e.statusCode())
                    : e.awsErrorDetails().errorCode();
            throw new UpstreamAuthError(0, "Could not read the fal key secret " + arn + " (" + code + ")");
        } catch (SdkClientException e) {
            throw new UpstreamAuthError(0, "Could not reach Secrets Manager for the fal key secret " + arn);
        }
    }

    private String extract(String value) {
        if (!value.startsWith("{")) {
            return value;
        }
        try {
            JsonNode json = JSON.readTree(value);
            for (String field : new String[] { "FAL_KEY", "fal_key", "key" }) {
                if (json.path(field).isTextual() && !json.path(field).asText().isBlank()) {
                    return json.path(field).asText().strip();
                }
            }
        } catch (IOException e) {
            // Not JSON after all: fall through to the error below, which does not echo the value.
        }
        throw new UpstreamAuthError(0, "The fal key secret " + arn + " is JSON without a FAL_KEY field");
    }

    private SecretsManagerClient client() {
        SecretsManagerClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    var builder = SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                            .overrideConfiguration(config -> config.putHeader("Connection", "close"));
                    if (endpoint != null) {
                        builder.endpointOverride(endpoint);
                    }
                    client = builder.build();
                }
                current = client;
            }
        }
        return current;
    }
}
