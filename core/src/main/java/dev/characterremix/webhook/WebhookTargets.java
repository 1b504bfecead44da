package dev.characterremix.webhook;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code fal_webhook} URL a submit asks fal to post the job's end to: {@code remix.webhook.url} with a token
 * naming what the job is for. Empty when webhooks are not configured (no HTTP API to receive them).
 */
@ApplicationScoped
public class WebhookTargets {

    /** The query parameter of the webhook route that carries the token. */
    public static final String TOKEN = "token";

    private final WebhookConfig config;
    private final WebhookTokens tokens;

    @Inject
    public WebhookTargets(WebhookConfig config, WebhookTokens tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    /** The webhook URL for a job done for {@code purpose}. */
    public Optional<String> forPurpose(String purpose) {
        return config.url().map(URI::toString)
                .map(url -> url + (url.contains("?") ? "&" : "?") + TOKEN + "=" + tokens.seal(purpose));
    }
}
