package dev.characterremix.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: fal's side of webhooks, as fal documents it: an Ed25519 key pair of its own, its public key as a JWKS,
 * deliveries signed over {@code request_id \n user_id \n timestamp \n hex(sha256(body))} in the
 * {@code X-Fal-Webhook-*} headers, and delivered again (a few times, shortly apart) until answered 2xx.
 */
public final class FalWebhookSender {

    public static final String USER_ID = "stand-in-user";

    private final KeyPair keys = generate();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The status of every delivery attempt, in order. */
    public final List<Integer> answers = new CopyOnWriteArrayList<>();
    private volatile int attempts = 10;
    private volatile long retryMillis = 150;

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as fal publishes it: {@code {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": …}]}}. */
    public String jwks() {
        byte[] encoded = keys.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"stand-in\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\"}]}";
    }

    /** fal's headers for a delivery of {@code body} signed with this sender's key at {@code epochSeconds}. */
    public Map<String, String> signed(String requestId, byte[] body, long epochSeconds) {
        return signed(keys, requestId, body, epochSeconds);
    }

    /** The same headers signed with another key pair (a forger's). */
    public static Map<String, String> signed(KeyPair with, String requestId, byte[] body, long epochSeconds) {
        try {
            String message = requestId + "\n" + USER_ID + "\n" + epochSeconds + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(with.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-fal-webhook-request-id", requestId);
            headers.put("x-fal-webhook-user-id", USER_ID);
            headers.put("x-fal-webhook-timestamp", Long.toString(epochSeconds));
            headers.put("x-fal-webhook-signature", HexFormat.of().formatHex(signer.sign()));
            return headers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** fal's delivery body of a job that ended OK with {@code output} (the model's JSON output). */
    public static byte[] okBody(String requestId, String output) {
        return ("{\"request_id\":\"" + requestId + "\",\"gateway_request_id\":\"" + requestId
                + "\",\"status\":\"OK\",\"payload\":" + output + ",\"error\":null}").getBytes(StandardCharsets.UTF_8);
    }

    /** fal's delivery body of a job that ended OK whose output fal could not send ({@code payload_error}). */
    public static byte[] okBodyWithoutOutput(String requestId) {
        return ("{\"request_id\":\"" + requestId + "\",\"gateway_request_id\":\"" + requestId
                + "\",\"status\":\"OK\",\"payload\":null,\"payload_error\":\"Response payload is not JSON "
                + "serializable\",\"error\":null}").getBytes(StandardCharsets.UTF_8);
    }

    /** How often and how far apart a refused delivery is tried again. */
    public FalWebhookSender retries(int attempts, Duration apart) {
        this.attempts = attempts;
        this.retryMillis = apart.toMillis();
        return this;
    }

    /** Posts {@code body} to {@code url}, signed, until it is answered 2xx or the attempts are used up. */
    public void deliver(String url, String requestId, byte[] body) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
                signed(requestId, body, System.currentTimeMillis() / 1000).forEach(request::header);
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                answers.add(status);
                if (status / 100 == 2) {
                    return;
                }
                Thread.sleep(retryMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                answers.add(0);
            }
        }
    }
}
