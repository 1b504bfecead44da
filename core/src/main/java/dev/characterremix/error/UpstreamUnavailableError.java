package dev.characterremix.error;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown when fal cannot be reached or answers 429/5xx (after retries), or when the circuit breaker is open because
 * it recently could not. The caller may try again later.
 */
public final class UpstreamUnavailableError extends RemixError {

    private final int status;
    private final boolean mayHaveBeenAccepted;
    private final transient Duration retryAfter;

    public UpstreamUnavailableError(int status, boolean mayHaveBeenAccepted, Duration retryAfter, String message,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.mayHaveBeenAccepted = mayHaveBeenAccepted;
        this.retryAfter = retryAfter;
    }

    /** fal's HTTP status, or 0 when there was no HTTP answer (connection refused or reset, read timeout, breaker). */
    public int status() {
        return status;
    }

    /**
     * Whether fal may have accepted (and will bill) the request despite the failure: true after a read timeout or a
     * reset once the body was sent, or when fal's answer carried an {@code x-fal-request-id}. A submit is retried
     * only when this is false.
     */
    public boolean mayHaveBeenAccepted() {
        return mayHaveBeenAccepted;
    }

    /** How long fal asked us to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
