package dev.characterremix.usage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.characterremix.request.RenderingSpeed;
import dev.characterremix.request.SpendLimits;

class DailyImageLimitConfigTest {

    @Test
    void aDailyLimitWithoutItsTableStopsTheFunctionAtStartUpNamingWhatIsMissing() {
        SpendLimits limitWithoutTable = new SpendLimits() {
            @Override
            public Set<RenderingSpeed> renderingSpeeds() {
                return Set.of(RenderingSpeed.values());
            }

            @Override
            public int maxImagesPerRequest() {
                return 8;
            }

            @Override
            public OptionalInt maxImagesPerDay() {
                return OptionalInt.of(100);
            }

            @Override
            public Optional<String> usageTable() {
                return Optional.empty();
            }

            @Override
            public Optional<URI> usageEndpoint() {
                return Optional.empty();
            }
        };

        assertThatThrownBy(() -> new DailyImageLimit(limitWithoutTable, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remix.limits.max-images-per-day needs remix.limits.usage-table")
                .hasMessageContaining("REMIX_LIMITS_USAGE_TABLE");
    }
}
