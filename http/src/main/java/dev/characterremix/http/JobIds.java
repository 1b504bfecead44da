package dev.characterremix.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.characterremix.fal.FalKeyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Opaque job ids: fal's request id plus an HMAC-SHA256 tag, so an id cannot be forged or edited into another job's.
 * Format: {@code base64url(request id) "." base64url(first 16 bytes of the tag)}.
 */
@Singleton
public class JobIds {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int TAG_BYTES = 16;
    private static final int MAX_ID_CHARS = 256;

    private final HttpConfig config;
    private final FalKeyProvider keys;

    @Inject
    public JobIds(HttpConfig config, FalKeyProvider keys) {
        this.config = config;
        this.keys = keys;
    }

    /** The job id to hand out for fal's request id. */
    public String issue(String requestId) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(id) + "." + ENCODER.encodeToString(tag(id));
    }

    /** fal's request id, when {@code jobId} is one we issued; empty for anything else. */
    public Optional<String> verify(String jobId) {
        if (jobId == null || jobId.length() > MAX_ID_CHARS) {
            return Optional.empty();
        }
        int dot = jobId.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] id = DECODER.decode(jobId.substring(0, dot));
            byte[] tag = DECODER.decode(jobId.substring(dot + 1));
            // One spelling per job: base64 has padding bits a decoder ignores, so an id is only ours if it is
            // exactly the id we would issue.
            return MessageDigest.isEqual(tag, tag(id)) && jobId.equals(issue(new String(id, StandardCharsets.UTF_8)))
                    ? Optional.of(new String(id, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] tag(byte[] id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(id), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] secret() throws GeneralSecurityException {
        String secret = config.jobIdSecret().filter(s -> !s.isBlank())
                .orElseGet(() -> "character-remix job ids\n" + keys.key());
        return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
