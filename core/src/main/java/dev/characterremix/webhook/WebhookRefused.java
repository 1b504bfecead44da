package dev.characterremix.webhook;

/**
 * A webhook delivery refused before anything is written: not signed by fal ({@code 401}), signed too long ago
 * ({@code 401}), or for a token that is not ours ({@code 403}). The reason is for our log, not for the sender.
 */
public final class WebhookRefused extends RuntimeException {

    private final int status;

    public WebhookRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer: 401 (signature or timestamp), 403 (token), 400 (not a delivery). */
    public int status() {
        return status;
    }
}
