package dev.characterremix.fal;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where fal is and how we authenticate; the REST client itself is configured under {@code quarkus.rest-client.fal}. */
@ConfigMapping(prefix = "fal")
public interface FalConfig {

    /**
     * The fal API key, {@code key_id:key_secret} (env FAL_KEY). No default: without a key every remix fails with
     * {@code UpstreamAuthError} before anything is sent to fal. Never logged.
     */
    Optional<String> key();

    /** Base URL of fal's queue API (env FAL_QUEUE_URL). Default https://queue.fal.run. */
    @WithDefault("https://queue.fal.run")
    String queueUrl();
}
