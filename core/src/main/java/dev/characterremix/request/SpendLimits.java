package dev.characterremix.request;

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
    };
}
