package dev.characterremix.error;

/**
 * A retry whose idempotency key's first attempt is still submitting its job (for a moment: fal has not answered it
 * yet). Nothing was sent; retrying shortly answers that job.
 */
public final class IdempotencyConflictError extends RemixError {

    public IdempotencyConflictError(String message) {
        super(message);
    }
}
