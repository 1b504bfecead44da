package dev.characterremix.error;

import java.time.Duration;

/**
 * A request within fal's schema and the per-request limits that an operator's running limit refuses: today's images
 * are spent. Refused before fal, so nothing is billed; it names the limit and when it resets.
 */
public final class LimitReachedError extends RemixError {

    private final String limit;
    private final transient Duration retryAfter;

    public LimitReachedError(String limit, Duration retryAfter, String message) {
        super(message);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** The limit's name as the operator sets it, e.g. {@code max_images_per_day}. */
    public String limit() {
        return limit;
    }

    /** How long until the limit resets. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
