package dev.characterremix.fal;

import java.util.Map;

import io.smallrye.config.common.MapBackedConfigSource;

/**
 * The core library's defaults for the fal REST client, at the ordinal of {@code microprofile-config.properties} (100),
 * so an application's {@code application.properties} (250) or the environment (300) override any of them.
 * <p>
 * A class rather than a {@code META-INF/microprofile-config.properties} in the core jar: reading a properties file out
 * of a dependency jar makes SmallRye Config open that jar as a zip file system at every start (about 40 ms and
 * 27 classes of a cold start, measured with {@code bench/}); a service-loaded source costs one small class.
 */
public class FalClientDefaults extends MapBackedConfigSource {

    public FalClientDefaults() {
        super("character-remix core defaults", Map.of(
                // The queue API's base URL follows fal.queue-url (env FAL_QUEUE_URL).
                "quarkus.rest-client.fal.url", "${fal.queue-url:https://queue.fal.run}",
                // Below every @Timeout of FalClient, so a slow fal fails the same way each time.
                "quarkus.rest-client.fal.connect-timeout", "5000",
                "quarkus.rest-client.fal.read-timeout", "15000",
                // The status stream's own client: the same fal, a pool of its own (see FalStatusStreamApi). Its read
                // timeout bounds the wait for the stream's headers; a quiet stream is FalStatusStream's to judge.
                "quarkus.rest-client.fal-stream.url", "${fal.queue-url:https://queue.fal.run}",
                "quarkus.rest-client.fal-stream.connect-timeout", "5000",
                "quarkus.rest-client.fal-stream.read-timeout", "15000",
                // fal's webhook key set (webhook.FalJwksApi), at remix.webhook.jwks-url.
                "quarkus.rest-client.fal-jwks.url",
                "${remix.webhook.jwks-url:https://rest.alpha.fal.ai/.well-known/jwks.json}",
                "quarkus.rest-client.fal-jwks.connect-timeout", "5000",
                "quarkus.rest-client.fal-jwks.read-timeout", "10000"), 100);
    }
}
