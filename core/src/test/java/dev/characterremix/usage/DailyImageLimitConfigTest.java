package dev.characterremix.usage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.characterremix.request.RenderingSpeed;
import dev.characterremix.request.SpendLimits;
import dev.characterremix.testing.TestSpendLimits;

class DailyImageLimitConfigTest {

    @Test
    void aDailyLimitWithoutItsTableStopsTheFunctionAtStartUpNamingWhatIsMissing() {
        SpendLimits limitWithoutTable = new TestSpendLimits(Set.of(RenderingSpeed.values()), 8, OptionalInt.of(100),
                OptionalInt.empty(), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> new DailyImageLimit(limitWithoutTable, null, Clock.systemUTC(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remix.limits.max-images-per-day needs remix.limits.usage-table")
                .hasMessageContaining("REMIX_LIMITS_USAGE_TABLE");
    }

    @Test
    void aPerCallerLimitWithoutTheTableStopsTheFunctionAtStartUpToo() {
        SpendLimits limitWithoutTable = new TestSpendLimits(Set.of(RenderingSpeed.values()), 8, OptionalInt.empty(),
                OptionalInt.of(10), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> new DailyImageLimit(limitWithoutTable, null, Clock.systemUTC(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remix.limits.max-images-per-caller-per-day needs remix.limits.usage-table");
    }
}
