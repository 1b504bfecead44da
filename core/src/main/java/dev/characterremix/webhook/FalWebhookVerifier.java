package dev.characterremix.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks that a webhook delivery comes from fal, as fal documents it: an Ed25519 signature over
 * {@code request_id \n user_id \n timestamp \n hex(sha256(body))} from the {@code X-Fal-Webhook-*} headers, by a key
 * of fal's published key set (read once and kept, read again when a signature verifies with none of them, at most
 * every {@code remix.webhook.jwks-refresh-interval}), with a timestamp within {@code remix.webhook.tolerance} of now.
 */
@ApplicationScoped
public class FalWebhookVerifier {

    private static final Logger LOG = Logger.getLogger(FalWebhookVerifier.class);
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public static final String REQUEST_ID = "x-fal-webhook-request-id";
    public static final String USER_ID = "x-fal-webhook-user-id";
    public static final String TIMESTAMP = "x-fal-webhook-timestamp";
    public static final String SIGNATURE = "x-fal-webhook-signature";

    private final FalJwksApi jwks;
    private final WebhookConfig config;
    private final Clock clock;
    private List<PublicKey> keys = List.of();
    private Instant readAt = Instant.MIN;

    @Inject
    public FalWebhookVerifier(@RestClient FalJwksApi jwks, WebhookConfig config, Clock clock) {
        this.jwks = jwks;
        this.config = config;
        this.clock = clock;
    }

    /**
     * fal's request id of a delivery whose signature and timestamp check out; {@link WebhookRefused} otherwise.
     * {@code header} looks a header up by its lower-case name.
     */
    public String verify(Function<String, String> header, byte[] body) {
        String requestId = required(header, REQUEST_ID);
        String userId = required(header, USER_ID);
        String timestamp = required(header, TIMESTAMP);
        byte[] signature;
        long seconds;
        try {
            signature = HexFormat.of().parseHex(required(header, SIGNATURE).trim());
            seconds = Long.parseLong(timestamp.trim());
        } catch (IllegalArgumentException e) {
            throw new WebhookRefused(401, "malformed signature or timestamp");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (age.compareTo(config.tolerance()) > 0) {
            throw new WebhookRefused(401, "signed " + age.toSeconds() + " s away from now (tolerance "
                    + config.tolerance().toSeconds() + " s)");
        }
        byte[] message = (requestId + "\n" + userId + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(body)))
                .getBytes(StandardCharsets.UTF_8);
        if (verifiedBy(keys(false), message, signature) || verifiedBy(keys(true), message, signature)) {
            return requestId;
        }
        throw new WebhookRefused(401, "no key of fal's key set verifies the signature");
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw new WebhookRefused(401, "missing " + name);
        }
        return value;
    }

    private static boolean verifiedBy(List<PublicKey> keys, byte[] message, byte[] signature) {
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A signature of the wrong length or a key of another kind: not a match for this key.
            }
        }
        return false;
    }

    /**
     * The key set, read when it is older than its maximum age, or ({@code again}) when no key verified and the last
     * read is older than the refresh interval; an unchanged set is not read twice for nothing.
     */
    private synchronized List<PublicKey> keys(boolean again) {
        Instant now = clock.instant();
        boolean stale = readAt.plus(config.jwksMaxAge()).isBefore(now);
        boolean retry = again && readAt.plus(config.jwksRefreshInterval()).isBefore(now);
        if (!stale && !retry) {
            return again ? List.of() : keys;
        }
        try {
            keys = parse(jwks.keys());
            readAt = now;
        } catch (RuntimeException e) {
            // The cached keys stay; a delivery they cannot verify is refused, and fal retries it later.
            LOG.warnf("fal's webhook key set could not be read: %s", e.getMessage());
        }
        return keys;
    }

    static List<PublicKey> parse(JsonNode set) {
        List<PublicKey> parsed = new ArrayList<>();
        for (JsonNode key : set.path("keys")) {
            if (!"OKP".equals(key.path("kty").asText()) || !"Ed25519".equals(key.path("crv").asText())) {
                continue;
            }
            try {
                byte[] raw = Base64.getUrlDecoder().decode(key.path("x").asText().replace("=", ""));
                byte[] encoded = new byte[ED25519_PREFIX.length + raw.length];
                System.arraycopy(ED25519_PREFIX, 0, encoded, 0, ED25519_PREFIX.length);
                System.arraycopy(raw, 0, encoded, ED25519_PREFIX.length, raw.length);
                parsed.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                LOG.warnf("skipping a key of fal's key set that is not an Ed25519 key: %s", e.getMessage());
            }
        }
        return List.copyOf(parsed);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
