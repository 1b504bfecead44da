package dev.characterremix.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JobBudgetTest {

    /** Only the two settings the budget depends on. */
    static final JobConfig CONFIG = new JobConfig() {
        @Override
        public Duration deadline() {
            return Duration.ofSeconds(240);
        }

        @Override
        public Duration lambdaSafetyMargin() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration minBudget() {
            return Duration.ofSeconds(1);
        }

        @Override
        public StatusStream statusStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Poll poll() {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void keepsTheSafetyMarginFromTheLambdasRemainingTime() {
        assertThat(CONFIG.budget(60_000)).isEqualTo(Duration.ofSeconds(55));
    }

    @Test
    void neverExceedsTheDeadline() {
        assertThat(CONFIG.budget(900_000)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void usesTheDeadlineWhenTheRemainingTimeIsUnknown() {
        assertThat(CONFIG.budget(0)).isEqualTo(Duration.ofSeconds(240));
        assertThat(CONFIG.budget(-5)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void isZeroRatherThanNegativeWhenAlmostOutOfTime() {
        assertThat(CONFIG.budget(3_000)).isEqualTo(Duration.ZERO);
    }
}
