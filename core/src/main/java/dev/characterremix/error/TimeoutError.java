package dev.characterremix.error;

import java.time.Duration;

/**
 * Thrown when a job did not complete within its deadline. The fal job was cancelled (best effort) so it is not left
 * running and billed for nothing.
 */
public final class TimeoutError extends RemixError {

    private final transient Duration deadline;
    private final boolean cancelled;

    public TimeoutError(Duration deadline, boolean cancelled, String message) {
        super(message);
        this.deadline = deadline;
        this.cancelled = cancelled;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Whether fal acknowledged the cancel request. */
    public boolean cancelled() {
        return cancelled;
    }
}
