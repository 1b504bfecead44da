package dev.characterremix.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * TEST ONLY: a clock that stands still at {@link #NOW} unless a test moves it, so a test of daily limits never runs
 * across midnight. Enabled per test profile ({@code getEnabledAlternatives}).
 */
@Alternative
@Singleton
public class TestClock extends Clock {

    /** Noon UTC on a fixed day. */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private volatile Instant now = NOW;

    public void set(Instant instant) {
        now = instant;
    }

    public void reset() {
        now = NOW;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
