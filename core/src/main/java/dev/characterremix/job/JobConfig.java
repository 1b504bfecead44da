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
     * Status polling: the first wait, growing by {@link #factor()} up to {@link #maxInterval()}. The defaults notice
     * a completed job within 100 ms (fal's own Python client polls every 100 ms); status checks are cheap GETs.
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
