package dev.characterremix.fal;

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
}
