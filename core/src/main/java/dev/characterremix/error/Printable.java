package dev.characterremix.error;

/**
 * Text from outside (a rejected value, a field name, an S3 key, fal's error text) made fit for a log line, an error
 * message or a problem document: control and line-breaking characters are escaped, so input cannot forge a log line,
 * and the text is cut at a length, so input cannot blow up an answer.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} escaped, and cut after {@code maxChars} characters with a note of its full length. */
    public static String of(CharSequence text, int maxChars) {
        if (text == null) {
            return null;
        }
        int end = Math.min(text.length(), maxChars);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** {@code text} escaped, whole: for text whose length is already bounded. */
    public static String of(CharSequence text) {
        return of(text, Integer.MAX_VALUE);
    }
}
