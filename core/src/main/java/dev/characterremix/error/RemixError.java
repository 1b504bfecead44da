package dev.characterremix.error;

import java.util.Optional;

/**
 * The error vocabulary shared by every trigger: the same failure gets the same type whether the request came by
 * direct invocation, HTTP or S3. The class's fully qualified name is what AWS Lambda reports as {@code errorType},
 * which is why the subclasses are named after the error rather than with an {@code Exception} suffix.
 */
public abstract sealed class RemixError extends RuntimeException
        permits ValidationError, UpstreamAuthError, UpstreamUnavailableError, UpstreamError, TimeoutError,
        LimitReachedError, IdempotencyConflictError {

    private String falRequestId;

    protected RemixError(String message) {
        super(message, null, false, false);
    }

    protected RemixError(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The fal request id of the job this error belongs to, when fal had accepted one. */
    public Optional<String> falRequestId() {
        return Optional.ofNullable(falRequestId);
    }

    /** Attaches the fal request id, so a caller can find the (possibly billed) job. Returns this error. */
    public RemixError withFalRequestId(String requestId) {
        if (falRequestId == null) {
            falRequestId = requestId;
        }
        return this;
    }

    /** The short name of this error type, e.g. {@code ValidationError}. */
    public String type() {
        return getClass().getSimpleName();
    }

    @Override
    public String getMessage() {
        return falRequestId == null ? super.getMessage() : super.getMessage() + " (fal request " + falRequestId + ")";
    }
}
