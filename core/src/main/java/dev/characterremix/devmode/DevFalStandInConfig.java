package dev.characterremix.devmode;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * DEV MODE ONLY: when {@code quarkus:dev} runs without a fal key (and without FAL_QUEUE_URL), points the fal client
 * at the embedded {@link DevFalStandIn} so the function can be tried locally without calling, or paying, fal. In any
 * other profile, or with FAL_KEY set, it contributes nothing.
 */
public class DevFalStandInConfig implements ConfigSourceFactory {

    static final String ACTIVE = "remix.dev.fal-stand-in.active";
    static final String PORT = "remix.dev.fal-stand-in.port";
    static final String DEFAULT_PORT = "8097";
    /** Not a fal key: only the stand-in accepts it. */
    static final String PLACEHOLDER_KEY = "dev-stand-in-not-a-fal-key";
    /** Where the stand-in publishes the key set its webhooks are signed with. */
    static final String JWKS_PATH = "/.well-known/jwks.json";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!DevConfigValues.falStandIn(context)) {
            return List.of();
        }
        String port = DevConfigValues.value(context, PORT);
        String effectivePort = port != null ? port : DEFAULT_PORT;
        return List.of(new MapBackedConfigSource("dev fal stand-in", Map.of(
                ACTIVE, "true",
                "fal.queue-url", "http://localhost:" + effectivePort,
                "fal.key", PLACEHOLDER_KEY,
                // Its webhooks are signed with its own keys, not fal's.
                "remix.webhook.jwks-url", "http://localhost:" + effectivePort + JWKS_PATH,
                // The stand-in serves its images itself; an S3 upload's result is copied from there.
                "remix.s3.result-hosts", "fal.media,http://localhost:" + effectivePort), 150) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }
}
