package dev.characterremix.idempotency;

import java.util.List;

import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;

/**
 * A caller's idempotency key for one paid request, and where the caller put it ({@code Idempotency-Key} header, or
 * the {@code idempotency_key} field of a direct invocation), so an error can name it.
 */
public record IdempotencyKey(String value, String field) {

    /** The longest key accepted. */
    public static final int MAX_CHARS = 255;

    /** A key as the caller sent it, or a {@link ValidationError} naming {@code field} when it is not one. */
    public static IdempotencyKey of(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > MAX_CHARS || !printableAscii(value)) {
            throw new ValidationError(ValidationError.Source.REQUEST, List.of(Violation.of(field,
                    "must be 1-" + MAX_CHARS + " printable ASCII characters (a UUID is a good key)")));
        }
        return new IdempotencyKey(value, field);
    }

    private static boolean printableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }
}
