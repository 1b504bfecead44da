package dev.characterremix.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the caller asks a remix to wait for its result, from RFC 7240's {@code Prefer} header:
 * {@code Prefer: wait=10} (seconds) or {@code Prefer: respond-async} (not at all). Empty when the caller says
 * nothing about waiting, or something unreadable.
 */
final class PreferWait {

    static final String HEADER = "Prefer";
    static final String APPLIED = "Preference-Applied";

    private PreferWait() {
    }

    static Optional<Duration> of(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        Optional<Duration> wait = Optional.empty();
        for (String preference : prefer.split(",")) {
            String token = preference.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (token.equals("respond-async")) {
                return Optional.of(Duration.ZERO);
            }
            if (token.startsWith("wait=")) {
                try {
                    long seconds = Long.parseLong(token.substring(5).replace("\"", "").strip());
                    wait = seconds < 0 ? wait : Optional.of(Duration.ofSeconds(Math.min(seconds, 3_600)));
                } catch (NumberFormatException e) {
                    // RFC 7240: a preference that cannot be understood is ignored.
                }
            }
        }
        return wait;
    }
}
