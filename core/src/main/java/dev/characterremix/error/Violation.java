package dev.characterremix.error;

import java.math.BigDecimal;

/**
 * One broken rule of a request: the field path in fal's JSON names (e.g. {@code color_palette.members[0].rgb.r}),
 * the rule, and a printable excerpt of the rejected value when there is one.
 */
public record Violation(String field, String message, String rejected) {

    private static final int MAX_VALUE_CHARS = 80;
    private static final int MAX_PATH_CHARS = 64;

    /** A violation without a rejected value (a missing field, an unknown field). */
    public static Violation of(String field, String message) {
        return new Violation(path(field), message, null);
    }

    /**
     * A violation quoting the rejected value, shortened so a 10 MB data URI does not end up in a log line, and
     * escaped so a line break in it cannot forge one.
     */
    public static Violation of(String field, String message, Object rejected) {
        return new Violation(path(field), message, rejected == null ? null : excerpt(rejected));
    }

    /** A field path can hold a name from the input (an unknown field): it is escaped and cut like a value. */
    private static String path(String field) {
        return field == null ? null : Printable.of(field, MAX_PATH_CHARS);
    }

    private static String excerpt(Object value) {
        if (value instanceof Double || value instanceof Float) {
            // As JSON writes the number: 2 stays 2 (not Java's 2.0), 1e10 stays 10000000000.
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                return Printable.of(BigDecimal.valueOf(number).stripTrailingZeros().toPlainString(), MAX_VALUE_CHARS);
            }
        }
        if (!(value instanceof CharSequence text)) {
            return Printable.of(String.valueOf(value), MAX_VALUE_CHARS);
        }
        return '"' + Printable.of(text, MAX_VALUE_CHARS) + '"';
    }

    /** The rule with the rejected value, without the field: {@code must be between 1 and 8 (got 9)}. */
    public String describe() {
        return rejected == null ? message : message + " (got " + rejected + ")";
    }

    @Override
    public String toString() {
        return (field == null || field.isEmpty() ? "request" : field) + ": " + describe();
    }
}
