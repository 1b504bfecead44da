package dev.characterremix.lambda.webhook.devmode;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * DEV MODE ONLY: when {@code quarkus:dev} runs the S3 handler against the dev fal stand-in (no fal key, no webhook
 * URL of its own), points the submits' webhooks at the local {@link DevWebhookRoute}. In any other profile or handler,
 * with a fal key or with {@code remix.webhook.url} set, it contributes nothing.
 */
public class DevWebhookRouteConfig implements ConfigSourceFactory {

    static final String ACTIVE = "remix.dev.webhook-route.active";
    static final String PORT = "remix.dev.webhook-route.port";
    static final String DEFAULT_PORT = "8095";
    static final String PATH = "/v1/fal/webhook";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || !"s3".equals(value(context, "quarkus.lambda.handler"))
                || value(context, "fal.key") != null || value(context, "fal.key-secret-arn") != null
                || value(context, "remix.webhook.url") != null) {
            return List.of();
        }
        String port = value(context, PORT) == null ? DEFAULT_PORT : value(context, PORT);
        return List.of(new MapBackedConfigSource("dev webhook route", Map.of(ACTIVE, "true",
                "remix.webhook.url", "http://localhost:" + port + PATH), 150) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
