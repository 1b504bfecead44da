package dev.characterremix.fal;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where fal is and where its key comes from; the REST client itself is configured under {@code quarkus.rest-client.fal}. */
@ConfigMapping(prefix = "fal")
public interface FalConfig {

    /**
     * The fal API key, {@code key_id:key_secret} (env FAL_KEY), for local runs. No default: without a key (here or
     * in Secrets Manager) every remix fails with {@code UpstreamAuthError} before anything is sent to fal. Never
     * logged.
     */
    Optional<String> key();

    /**
     * The ARN of the AWS Secrets Manager secret holding the fal key (env FAL_KEY_SECRET_ARN); when set it wins over
     * {@link #key()}. The secret string is the key itself, or JSON with a {@code FAL_KEY} (or {@code key}) field.
     */
    Optional<String> keySecretArn();

    /** A Secrets Manager endpoint instead of AWS's (tests and local runs). */
    Optional<URI> secretsEndpoint();

    /** Base URL of fal's queue API (env FAL_QUEUE_URL). Default https://queue.fal.run. */
    @WithDefault("https://queue.fal.run")
    String queueUrl();
}
