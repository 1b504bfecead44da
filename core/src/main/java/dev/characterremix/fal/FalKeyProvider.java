package dev.characterremix.fal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Supplies the fal API key. The seam where the key's source is chosen: configuration for local runs, AWS Secrets
 * Manager in a deployed function.
 */
public interface FalKeyProvider {

    /**
     * The key to send as {@code Authorization: Key <key>}.
     *
     * @throws dev.characterremix.error.UpstreamAuthError when no key is available, so nothing is sent without one
     */
    String key();

    /**
     * Called when fal rejects the key (401): reads the key again (it may have been rotated) and tells whether it
     * changed, in which case the call is tried once more.
     */
    default boolean refresh() {
        return false;
    }

    /**
     * A 256-bit key for one {@code use} (SHA-256 of the use and a secret): the {@code configured} secret when one is
     * set, else the fal key under {@code domain}, so every use has its own key and none is the secret itself.
     */
    default byte[] derive(String use, Optional<String> configured, String domain) {
        String secret = configured.filter(s -> !s.isBlank()).orElseGet(() -> domain + "\n" + key());
        try {
            return MessageDigest.getInstance("SHA-256").digest((use + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
