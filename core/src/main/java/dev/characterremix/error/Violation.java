package dev.characterremix.error;

/**
 * One broken rule of a request: the field path in fal's JSON names (e.g. {@code color_palette.members[0].rgb.r}),
 * the rule, and a printable excerpt of the rejected value when there is one.
 */
public record Violation(String field, String message, String rejected) {

    private static final int MAX_VALUE_CHARS = 80;

    /** A violation without a rejected value (a missing field, an unknown field). */
    public static Violation of(String field, String message) {
        return new Violation(field, message, null);
    }

    /** A violation quoting the rejected value, shortened so a 10 MB data URI does not end up in a log line. */
    public static Violation of(String field, String message, Object rejected) {
        return new Violation(field, message, rejected == null ? null : excerpt(rejected));
    }

    private static String excerpt(Object value) {
        if (!(value instanceof CharSequence text)) {
            return String.valueOf(value);
        }
        String quoted = text.length() <= MAX_VALUE_CHARS ? text.toString()
                : text.subSequence(0, MAX_VALUE_CHARS) + "…(" + text.length() + " chars)";
        return '"' + quoted + '"';
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
