package dev.characterremix.lambda.webhook.devmode;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.characterremix.devmode.DevConfigValues;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * DEV MODE ONLY: when {@code quarkus:dev} runs the S3 handler against the dev fal stand-in (no fal key, key secret or
 * queue URL of the developer's, as for the stand-in itself) and no webhook URL of its own, points the submits' webhooks
 * at the local {@link DevWebhookRoute}. Otherwise it contributes nothing.
 */
public class DevWebhookRouteConfig implements ConfigSourceFactory {

    static final String ACTIVE = "remix.dev.webhook-route.active";
    static final String PORT = "remix.dev.webhook-route.port";
    static final String DEFAULT_PORT = "8095";
    static final String PATH = "/v1/fal/webhook";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!DevConfigValues.falStandIn(context)
                || !"s3".equals(DevConfigValues.value(context, "quarkus.lambda.handler"))
                || DevConfigValues.value(context, "remix.webhook.url") != null) {
            return List.of();
        }
        String port = DevConfigValues.value(context, PORT);
        port = port == null ? DEFAULT_PORT : port;
        return List.of(new MapBackedConfigSource("dev webhook route", Map.of(ACTIVE, "true",
                "remix.webhook.url", "http://localhost:" + port + PATH), 150) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }
}
