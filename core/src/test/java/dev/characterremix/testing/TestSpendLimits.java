package dev.characterremix.testing;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.characterremix.request.RenderingSpeed;
import dev.characterremix.request.SpendLimits;

/** TEST ONLY: spend limits as plain values, for tests that build a validator or a limit without Quarkus. */
public record TestSpendLimits(Set<RenderingSpeed> renderingSpeeds, int maxImagesPerRequest, OptionalInt maxImagesPerDay,
        OptionalInt maxImagesPerCallerPerDay, Optional<String> usageTable,
        Optional<URI> usageEndpoint) implements SpendLimits {

    /** Limits on a single request only. */
    public static TestSpendLimits perRequest(Set<RenderingSpeed> speeds, int maxImages) {
        return new TestSpendLimits(speeds, maxImages, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }
}
