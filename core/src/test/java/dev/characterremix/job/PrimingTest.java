package dev.characterremix.job;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.testing.CapturedMetrics;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Start-up priming (off in tests unless asked for, on by default in a packaged JVM function): a status probe and a
 * status stream probe through the fal client, each closing its connection, nothing queued, no metrics written, and
 * start-up survives fal's error answer.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@TestProfile(PrimingTest.Enabled.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrimingTest {

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.priming.enabled", "true");
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @Inject
    JobMetrics jobMetrics;

    @Test
    @Order(1)
    void startUpSendsAClosingStatusProbeAndAClosingStreamProbeAndQueuesNothing() {
        // Read before any test touches the stand-in (hence the order). The stand-in has no job under the probe's id
        // and answers 404; start-up went on regardless.
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(FalStandIn.PROBE_PATH))
                .withHeader("Connection", equalTo("close"))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY)));
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(FalStandIn.PROBE_PATH + "/stream"))
                .withHeader("Connection", equalTo("close")).withHeader("Accept", equalTo("text/event-stream"))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY)));
        fal.server().verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    @Order(1)
    void primingRunsTheMetricsWriterButReportsNothingForTheJobItNeverRan() {
        // The metrics path was run through to serialisation, into a sink of its own: nothing reached the real one.
        assertThat(jobMetrics.warmedUp()).isEqualTo(1);
        assertThat(metrics.documents().all()).isEmpty();
    }

    @Test
    @Order(2)
    void theFirstRemixAfterPrimingWorksAsAnyOther() {
        fal.reset();
        fal.completesNormally();

        RemixResult result = service.remix(Fixtures.falExample("required_parameters_example"), Duration.ofSeconds(10));

        assertThat(result.requestId()).isEqualTo(FalStandIn.REQUEST_ID);
        assertThat(result.images()).isNotEmpty();
        assertThat(metrics.documents().with(JobMetrics.JOBS_COMPLETED)).hasSize(1);
    }
}
