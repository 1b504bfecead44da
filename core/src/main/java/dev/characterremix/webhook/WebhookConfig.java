package dev.characterremix.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** fal's webhooks: where fal posts a job's end, and how a delivery is checked. */
@ConfigMapping(prefix = "remix.webhook")
public interface WebhookConfig {

    /**
     * The URL fal posts a job's end to (env REMIX_WEBHOOK_URL): the HTTP API's {@code /v1/fal/webhook} route, which
     * Terraform sets when the API and the S3 trigger are both deployed. Unset: submits ask for no webhook.
     */
    Optional<URI> url();

    /** fal's published key set (env REMIX_WEBHOOK_JWKS_URL). Default fal's, {@code rest.alpha.fal.ai}. */
    @WithDefault("https://rest.alpha.fal.ai/.well-known/jwks.json")
    URI jwksUrl();

    /** How long fal's key set is used before it is read again (fal: at most 24 h). Default PT24H. */
    @WithDefault("PT24H")
    Duration jwksMaxAge();

    /**
     * A signature no cached key verifies makes the key set be read again (fal may have rotated its keys), at most
     * this often, so forged deliveries cannot make us hammer fal. Default PT1M.
     */
    @WithDefault("PT1M")
    Duration jwksRefreshInterval();

    /** How far a delivery's signed timestamp may be from now (replays of old deliveries are refused). Default PT5M. */
    @WithDefault("PT5M")
    Duration tolerance();

    /**
     * The secret that signs the tokens in webhook URLs, naming what a job is for (env REMIX_WEBHOOK_TOKEN_SECRET).
     * Default: derived from the fal key, as job handles are.
     */
    Optional<String> tokenSecret();
}
