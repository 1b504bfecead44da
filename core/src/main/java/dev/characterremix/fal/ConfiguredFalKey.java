package dev.characterremix.fal;

import dev.characterremix.error.UpstreamAuthError;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The fal key from configuration ({@code fal.key}, env FAL_KEY); the default unless another provider is a bean. */
@DefaultBean
@ApplicationScoped
public class ConfiguredFalKey implements FalKeyProvider {

    private final FalConfig config;

    @Inject
    public ConfiguredFalKey(FalConfig config) {
        this.config = config;
    }

    @Override
    public String key() {
        return config.key().filter(key -> !key.isBlank())
                .orElseThrow(() -> new UpstreamAuthError(0, "No fal key is configured: set FAL_KEY"));
    }
}
