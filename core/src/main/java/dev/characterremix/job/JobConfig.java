package dev.characterremix.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a remix job may take and how often its status is checked. */
@ConfigMapping(prefix = "remix.job")
public interface JobConfig {

    /**
     * The longest a job may take from submit to result (env REMIX_JOB_DEADLINE, ISO-8601 or e.g. {@code 240s}).
     * Past it the fal job is cancelled and the remix fails with {@code TimeoutError}. A Lambda invocation also
     * stops short of its own remaining time. Default PT4M, below the functions' 5-minute timeout.
     */
    @WithDefault("PT4M")
    Duration deadline();

    /** Time kept back from the Lambda's remaining time to cancel and report cleanly. Default PT5S. */
    @WithDefault("PT5S")
    Duration lambdaSafetyMargin();

    /**
     * The least time worth starting a job in (env REMIX_JOB_MIN_BUDGET). With less, a submit would be paid for and
     * cancelled at once, so nothing is sent to fal: a direct invocation fails with {@code TimeoutError}, an S3 upload
     * goes back to its queue. Default PT1S.
     */
    @WithDefault("PT1S")
    Duration minBudget();

    /**
     * The time a job may take in an invocation with {@code remainingMillis} left (Lambda's
     * {@code Context.getRemainingTimeInMillis()}): that time less the safety margin, never more than the deadline;
     * the deadline when the remaining time is unknown (0 or less).
     */
    default Duration budget(long remainingMillis) {
        if (remainingMillis <= 0) {
            return deadline();
        }
        Duration budget = Duration.ofMillis(remainingMillis).minus(lambdaSafetyMargin());
        return budget.isNegative() ? Duration.ZERO : budget.compareTo(deadline()) < 0 ? budget : deadline();
    }

    /**
     * Waiting on fal's status stream (server-sent events): one request per job, completion noticed as fal sends it.
     * Polling ({@link #poll()}) takes over when the stream cannot be opened, or once it was cut too often.
     */
    StatusStream statusStream();

    interface StatusStream {
        /** Whether jobs are waited for on the stream (env REMIX_JOB_STATUS_STREAM_ENABLED). Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the stream may stay silent (no status, no keep-alive) before it counts as cut. fal sends a
         * keep-alive every 15 s. Default PT30S.
         */
        @WithDefault("PT30S")
        Duration quietLimit();

        /**
         * How many times one wait opens the stream: a stream cut (by fal, a proxy, the network) is opened again, and
         * its first event tells where the job stands, until this many were used; then the wait polls. Default 3.
         */
        @WithDefault("3")
        int attempts();
    }

    /**
     * Status polling, the fallback of the status stream: the first wait, growing by {@link #factor()} up to
     * {@link #maxInterval()}. The defaults notice a completed job within 100 ms (fal's own Python client polls every
     * 100 ms); status checks are cheap GETs.
     */
    Poll poll();

    interface Poll {
        /** The first wait between status checks. Default PT0.05S. */
        @WithDefault("PT0.05S")
        Duration initialInterval();

        /** How much each wait grows. Default 1.25. */
        @WithDefault("1.25")
        double factor();

        /** The longest wait between status checks. Default PT0.1S. */
        @WithDefault("PT0.1S")
        Duration maxInterval();
    }
}
