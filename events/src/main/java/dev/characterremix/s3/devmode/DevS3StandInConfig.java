package dev.characterremix.s3.devmode;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.characterremix.devmode.DevConfigValues;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * DEV MODE ONLY: when {@code quarkus:dev} runs the S3 handler ({@code -Dquarkus.lambda.handler=s3}) with no S3
 * endpoint of its own, points the function's S3 client at the local {@link DevS3StandIn}, so uploads can be tried
 * without AWS. The stand-in speaks plain http, so its presigned URLs do too, and the input rules allow them. In any
 * other profile, handler or with {@code remix.s3.endpoint-override} set, it contributes nothing.
 */
public class DevS3StandInConfig implements ConfigSourceFactory {

    static final String ACTIVE = "remix.dev.s3-stand-in.active";
    static final String PORT = "remix.dev.s3-stand-in.port";
    static final String DEFAULT_PORT = "8099";
    static final String BUCKET = "remix.dev.s3-stand-in.bucket";
    static final String DEFAULT_BUCKET = "remix-uploads";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")
                || !"s3".equals(DevConfigValues.value(context, "quarkus.lambda.handler"))
                || DevConfigValues.value(context, "remix.s3.endpoint-override") != null) {
            return List.of();
        }
        String port = DevConfigValues.value(context, PORT);
        port = port == null ? DEFAULT_PORT : port;
        return List.of(new MapBackedConfigSource("dev S3 stand-in", Map.of(
                ACTIVE, "true",
                "remix.s3.endpoint-override", "http://localhost:" + port,
                "remix.s3.path-style", "true",
                "remix.input.allow-http", "true"), 150) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }
}
