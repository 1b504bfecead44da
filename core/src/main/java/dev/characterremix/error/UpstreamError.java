package dev.characterremix.error;

/**
 * Thrown when fal answered in a way that retrying will not fix: the job completed with an error, fal rejected a call
 * with a 4xx other than 401/403/422/429, or its answer was not the JSON its protocol promises.
 */
public final class UpstreamError extends RemixError {

    private final int status;
    private final String falErrorType;
    private boolean startTimedOut;

    public UpstreamError(int status, String falErrorType, String message) {
        super(message);
        this.status = status;
        this.falErrorType = falErrorType;
    }

    public UpstreamError(int status, String falErrorType, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.falErrorType = falErrorType;
    }

    /**
     * fal dropped the job because no runner started it before the start deadline the submit set
     * ({@code X-Fal-Request-Timeout}): nothing ran and nothing was billed, so the same request may be submitted again.
     */
    public static UpstreamError startTimeout(int status, String falErrorType, String message) {
        UpstreamError error = new UpstreamError(status, falErrorType, message);
        error.startTimedOut = true;
        return error;
    }

    /** Whether fal dropped the job, unstarted and unbilled, at its start deadline. */
    public boolean startTimedOut() {
        return startTimedOut;
    }

    /** fal's HTTP status, or 0 when the failure was reported inside a successful answer. */
    public int status() {
        return status;
    }

    /** fal's machine-readable {@code error_type} (e.g. {@code request_timeout}), or null. */
    public String falErrorType() {
        return falErrorType;
    }
}
