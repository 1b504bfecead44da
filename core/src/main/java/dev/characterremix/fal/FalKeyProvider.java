package dev.characterremix.fal;

/**
 * Supplies the fal API key. The seam where the key's source is chosen: configuration today, AWS Secrets Manager in
 * a deployed function.
 */
public interface FalKeyProvider {

    /**
     * The key to send as {@code Authorization: Key <key>}.
     *
     * @throws dev.characterremix.error.UpstreamAuthError when no key is available, so nothing is sent without one
     */
    String key();

    /** Called when fal rejects the key (401): a caching provider may read it again once, e.g. after rotation. */
    default void invalidate() {
    }
}
