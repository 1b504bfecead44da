package dev.characterremix.fal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamAuthError;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;

/**
 * The fal key from AWS Secrets Manager when {@code FAL_KEY_SECRET_ARN} is set (read at start-up, cached, read again
 * when fal rejects it), otherwise from {@code FAL_KEY}.
 */
@DefaultBean
@ApplicationScoped
public class FalKeys implements FalKeyProvider {

    private static final Logger LOG = Logger.getLogger(FalKeys.class);

    private final FalConfig config;
    private final SecretsManagerFalKey secret;

    @Inject
    public FalKeys(FalConfig config) {
        this.config = config;
        this.secret = config.keySecretArn().filter(arn -> !arn.isBlank())
                .map(arn -> new SecretsManagerFalKey(arn, config.secretsEndpoint().orElse(null)))
                .orElse(null);
    }

    /** Reads the secret during start-up, off the request path; a failure is reported now and again per invocation. */
    void load(@Observes StartupEvent event) {
        if (secret == null) {
            return;
        }
        try {
            secret.key();
            LOG.infof("fal key read from Secrets Manager (%s)", secret.arn());
        } catch (RemixError e) {
            LOG.errorf("%s; every remix will fail until it can be read", e.getMessage());
        }
    }

    @Override
    public String key() {
        if (secret != null) {
            return secret.key();
        }
        return config.key().filter(key -> !key.isBlank()).orElseThrow(() -> new UpstreamAuthError(0,
                "No fal key is configured: set FAL_KEY_SECRET_ARN (or FAL_KEY for local runs)"));
    }

    @Override
    public boolean refresh() {
        return secret != null && secret.reload();
    }
}
