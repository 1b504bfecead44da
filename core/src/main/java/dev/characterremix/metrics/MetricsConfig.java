package dev.characterremix.metrics;

import java.math.BigDecimal;

import dev.characterremix.request.RenderingSpeed;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The job metrics written as CloudWatch embedded metric format (EMF) documents, and the prices behind the spend. */
@ConfigMapping(prefix = "remix.metrics")
public interface MetricsConfig {

    /** Whether metrics are written at all (env REMIX_METRICS_ENABLED). Default true. */
    @WithDefault("true")
    boolean enabled();

    /** The CloudWatch namespace of every metric (env REMIX_METRICS_NAMESPACE). Default CharacterRemix. */
    @WithDefault("CharacterRemix")
    String namespace();

    /** fal's price per output image of this model, by rendering speed, in US dollars. */
    Prices price();

    /**
     * fal's published prices for Ideogram V3 Character Remix (per image; the same as Ideogram's own "3.0 with
     * Character Reference" tier). Kept in configuration because prices change: env REMIX_METRICS_PRICE_TURBO etc.
     */
    interface Prices {

        /** Default 0.10. */
        @WithDefault("0.10")
        BigDecimal turbo();

        /** Default 0.15. */
        @WithDefault("0.15")
        BigDecimal balanced();

        /** Default 0.20. */
        @WithDefault("0.20")
        BigDecimal quality();

        default BigDecimal of(RenderingSpeed speed) {
            return switch (speed) {
                case TURBO -> turbo();
                case BALANCED -> balanced();
                case QUALITY -> quality();
            };
        }
    }
}
