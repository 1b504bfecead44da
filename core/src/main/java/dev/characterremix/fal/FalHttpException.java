package dev.characterremix.fal;

/**
 * A non-2xx answer from fal, captured by the REST client before it is turned into the error vocabulary by
 * {@link FalErrors} (which can redact the key and knows which call failed). Never escapes this package.
 */
final class FalHttpException extends RuntimeException {

    final int status;
    final String body;
    final String falRequestId;
    final String retryAfter;
    final String timeoutType;

    FalHttpException(int status, String body, String falRequestId, String retryAfter, String timeoutType) {
        super("fal answered " + status, null, false, false);
        this.status = status;
        this.body = body;
        this.falRequestId = falRequestId;
        this.retryAfter = retryAfter;
        this.timeoutType = timeoutType;
    }
}
