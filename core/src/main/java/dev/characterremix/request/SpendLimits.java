package dev.characterremix.request;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the operator lets a single request spend, checked with the schema's rules before anything is sent to fal,
 * whichever trigger the request came by. Each request is one fal job billed by its rendering speed.
 */
@ConfigMapping(prefix = "remix.limits")
public interface SpendLimits {

    /**
     * The rendering speeds requests may ask for (env REMIX_LIMITS_RENDERING_SPEEDS, comma-separated); a request that
     * names none gets fal's BALANCED, which must then be allowed. Default TURBO, BALANCED, QUALITY.
     */
    @WithDefault("TURBO,BALANCED,QUALITY")
    Set<RenderingSpeed> renderingSpeeds();

    /** The most images one request may ask for (env REMIX_LIMITS_MAX_IMAGES_PER_REQUEST). Default 8, fal's most. */
    @WithDefault("8")
    int maxImagesPerRequest();

    /**
     * The most images per UTC day, across every trigger and both functions (env REMIX_LIMITS_MAX_IMAGES_PER_DAY).
     * Counted in the DynamoDB table {@link #usageTable()} before each submit; a request that would go past it is
     * refused before fal. Unset: no daily limit.
     */
    OptionalInt maxImagesPerDay();

    /**
     * The most images one caller may have per UTC day (env REMIX_LIMITS_MAX_IMAGES_PER_CALLER_PER_DAY): each JWT
     * subject or IAM principal of the HTTP API, the anonymous callers of a public API together, direct invocations,
     * S3 uploads. Counted in {@link #usageTable()} like the daily limit, beside it. Unset: no per-caller limit.
     */
    OptionalInt maxImagesPerCallerPerDay();

    /** The DynamoDB table that counts each day's images (env REMIX_LIMITS_USAGE_TABLE); needed by the daily limit. */
    Optional<String> usageTable();

    /** A DynamoDB endpoint instead of AWS's (tests and local runs; env REMIX_LIMITS_USAGE_ENDPOINT). */
    Optional<URI> usageEndpoint();

    /** No limit beyond fal's schema. */
    SpendLimits NONE = new SpendLimits() {
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
            return OptionalInt.empty();
        }

        @Override
        public OptionalInt maxImagesPerCallerPerDay() {
            return OptionalInt.empty();
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
}
