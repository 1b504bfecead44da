package dev.characterremix.usage;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** The clock the daily limits read the UTC day from; a test replaces it to stand on a day of its choosing. */
@Singleton
public class UtcClock {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
