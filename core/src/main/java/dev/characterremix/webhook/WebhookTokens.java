package dev.characterremix.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.characterremix.fal.FalKeyProvider;

/**
 * The opaque token in a webhook URL: what the job is for (an S3 upload, by bucket, key and version; or an HTTP job),
 * signed with HMAC-SHA256 so a delivery naming anything else is refused. {@code <base64url(purpose)>.<base64url(mac)>};
 * the purpose is not secret (it names the caller's own upload, or only that the job is an HTTP one), only
 * unforgeable.
 */
@ApplicationScoped
public class WebhookTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** The MAC is cut to 128 bits: enough against forgery, short in a URL. */
    private static final int MAC_BYTES = 16;

    private final WebhookConfig config;
    private final FalKeyProvider keys;

    @Inject
    public WebhookTokens(WebhookConfig config, FalKeyProvider keys) {
        this.config = config;
        this.keys = keys;
    }

    /** The token naming {@code purpose}. */
    public String seal(String purpose) {
        byte[] text = purpose.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(text) + "." + ENCODER.encodeToString(mac(text));
    }

    /** The purpose a token of ours names; empty for a token that is not ours (forged, edited, another secret's). */
    public Optional<String> open(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] text = DECODER.decode(token.substring(0, dot));
            byte[] mac = DECODER.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(mac, mac(text))
                    ? Optional.of(new String(text, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(text), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The tokens' key, from the configured secret (the fal key when none is set): never the secret itself. */
    private byte[] secret() {
        return keys.derive("webhook-token", config.tokenSecret(), "character-remix webhook tokens");
    }
}
