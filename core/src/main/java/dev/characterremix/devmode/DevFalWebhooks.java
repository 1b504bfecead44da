package dev.characterremix.devmode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * DEV MODE ONLY: the dev fal stand-in's webhooks, as fal sends them: an Ed25519 key pair of its own (made at start),
 * its public key as a JWKS, and each ended job's delivery signed over
 * {@code request_id \n user_id \n timestamp \n hex(sha256(body))} in the {@code X-Fal-Webhook-*} headers, delivered
 * again a few times while it is not answered 2xx.
 */
final class DevFalWebhooks {

    private static final Logger LOG = Logger.getLogger(DevFalWebhooks.class);
    private static final String USER_ID = "dev-stand-in";
    private static final int ATTEMPTS = 5;

    private final KeyPair keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DevFalWebhooks() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as fal publishes its own: {@code {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": …}]}}. */
    JsonObject jwks() {
        byte[] encoded = keys.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        return new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "OKP")
                .put("crv", "Ed25519").put("kid", "dev-stand-in")
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw))));
    }

    /** Posts a job's end ({@code OK} with {@code output}) to {@code url}, signed, in the background. */
    void deliver(String url, String requestId, JsonObject output) {
        byte[] body = new JsonObject().put("request_id", requestId).put("gateway_request_id", requestId)
                .put("status", "OK").put("payload", output).putNull("error").encode()
                .getBytes(StandardCharsets.UTF_8);
        attempt(url, requestId, body, 1);
    }

    private void attempt(String url, String requestId, byte[] body, int attempt) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            long now = System.currentTimeMillis() / 1000;
            request.header("X-Fal-Webhook-Request-Id", requestId).header("X-Fal-Webhook-User-Id", USER_ID)
                    .header("X-Fal-Webhook-Timestamp", Long.toString(now))
                    .header("X-Fal-Webhook-Signature", sign(requestId, now, body));
        } catch (IllegalArgumentException e) {
            LOG.infof("DEV fal stand-in: job %s names a webhook that is not a URL; not delivered", requestId);
            return;
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).handle((answer, failure) -> {
            int status = failure == null ? answer.statusCode() : 0;
            if (status / 100 == 2) {
                LOG.infof("DEV fal stand-in: delivered job %s's webhook (%d)", requestId, status);
            } else if (attempt < ATTEMPTS) {
                CompletableFuture.delayedExecutor(attempt, TimeUnit.SECONDS)
                        .execute(() -> attempt(url, requestId, body, attempt + 1));
            } else {
                LOG.infof("DEV fal stand-in: job %s's webhook was not taken after %d attempts (last: %s)", requestId,
                        ATTEMPTS, failure == null ? Integer.toString(status) : failure.getMessage());
            }
            return null;
        });
    }

    private String sign(String requestId, long epochSeconds, byte[] body) {
        try {
            String message = requestId + "\n" + USER_ID + "\n" + epochSeconds + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
