package dev.characterremix.error;

/**
 * Thrown when fal refuses our credentials (401), the key lacks a scope or the account is locked, e.g. for billing
 * (403), or when no fal key is configured at all. Never retried; the message never contains the key.
 */
public final class UpstreamAuthError extends RemixError {

    private final int status;

    public UpstreamAuthError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** fal's HTTP status, or 0 when the key was missing and fal was not called. */
    public int status() {
        return status;
    }
}
