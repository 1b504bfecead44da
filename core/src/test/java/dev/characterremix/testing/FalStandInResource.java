package dev.characterremix.testing;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: starts the WireMock fal stand-in on a free port for a {@code @QuarkusTest} and points the fal REST
 * client and the key at it. Inject it with {@link InjectFalStandIn}.
 */
public class FalStandInResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = FalStandIn.start();
        // The stand-in also serves the generated images, so S3 uploads' results may be copied from it.
        return Map.of("fal.queue-url", server.baseUrl(), "fal.key", FalStandIn.KEY,
                "remix.s3.result-hosts", "fal.media," + server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new FalStandIn(server),
                new TestInjector.AnnotatedAndMatchesType(InjectFalStandIn.class, FalStandIn.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
