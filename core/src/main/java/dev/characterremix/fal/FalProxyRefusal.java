package dev.characterremix.fal;

/**
 * A request the fal proxy will not forward (not this model's route, a header or query parameter outside the
 * allow-list, a handle that is not the caller's). Nothing reached fal; mapped to fal's own error shape where errors
 * become HTTP answers.
 */
public class FalProxyRefusal extends RuntimeException {

    private final int status;

    public FalProxyRefusal(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer with: 400 (malformed), 403 (not allowed), 404 (no such request for this caller). */
    public int status() {
        return status;
    }
}
