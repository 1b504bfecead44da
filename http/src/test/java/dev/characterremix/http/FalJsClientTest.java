package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * fal's own JavaScript client, {@code @fal-ai/client} from npm, drives the proxy route of the running function with
 * {@code proxyUrl} ({@code contract/fal-client.proxy.mjs}, under Node's test runner), with a fal stand-in that queues
 * and runs jobs behind it.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class FalJsClientTest {

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void falsJavaScriptClientWorksThroughTheProxyLockedToThisModel() throws Exception {
        // One job at a time, 150 ms each: the cancel test finds its second job still queued.
        try (QueuedFal queued = new QueuedFal(1, Duration.ofMillis(150), FalStandIn.KEY);
                // Two signed-in callers, as an HTTP API with a JWT authorizer passes them on.
                HttpApiStandIn api = HttpApiStandIn.inFrontOfTestApplication(RestAssured.port)) {
            // The function's fal URL is the WireMock stand-in: it passes everything on to the queued fal.
            fal.passesTo(queued);
            FalJsClient.Run run = FalJsClient.against(api.url() + "/v1/fal/proxy",
                    HttpApiStandIn.jwt("https://issuer.example", "alice"),
                    HttpApiStandIn.jwt("https://issuer.example", "bob"));

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("pass 7").contains("fail 0").contains("skipped 0");
            // Every submit that reached fal was this model's, and the refused model never got there.
            fal.server().verify(0, anyRequestedFor(urlPathMatching("/fal-ai/flux.*")));
            fal.server().verify(5, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
            assertThat(queued.submits.get()).isEqualTo(5);
            assertThat(queued.cancels.get()).isEqualTo(1);
        }
    }
}
