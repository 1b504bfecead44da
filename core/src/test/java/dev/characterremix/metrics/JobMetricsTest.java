package dev.characterremix.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.metrics.JobMetrics.ESTIMATED_SPEND;
import static dev.characterremix.metrics.JobMetrics.FAL_QUEUE_WAIT;
import static dev.characterremix.metrics.JobMetrics.FAL_REQUESTS;
import static dev.characterremix.metrics.JobMetrics.FAL_RUN_TIME;
import static dev.characterremix.metrics.JobMetrics.IMAGES_GENERATED;
import static dev.characterremix.metrics.JobMetrics.IMAGES_REQUESTED;
import static dev.characterremix.metrics.JobMetrics.JOBS_CANCELLED;
import static dev.characterremix.metrics.JobMetrics.JOBS_COMPLETED;
import static dev.characterremix.metrics.JobMetrics.JOBS_FAILED;
import static dev.characterremix.metrics.JobMetrics.JOBS_SUBMITTED;
import static dev.characterremix.metrics.JobMetrics.LATENCY;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixService;
import dev.characterremix.testing.CapturedMetrics;
import dev.characterremix.testing.EmfDocuments;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class JobMetricsTest {

    static final Duration BUDGET = Duration.ofSeconds(20);

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @Inject
    JobMetrics jobMetrics;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void clear() {
        metrics.clear();
        jobMetrics.forgetEnds();
    }

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
        MDC.clear();
    }

    @Test
    void aCompletedJobWritesItsSpendOnSubmitAndItsTimingsAtTheEnd() {
        fal.completesNormally();
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        request.put("rendering_speed", "QUALITY").put("num_images", 2);

        service.remix(request, BUDGET);

        EmfDocuments docs = metrics.documents();
        assertThat(docs.all()).hasSize(2);
        JsonNode submitted = docs.one(JOBS_SUBMITTED);
        assertThat(EmfDocuments.namespace(submitted)).isEqualTo("CharacterRemix");
        assertThat(EmfDocuments.dimensionSets(submitted)).containsExactly(List.of("Trigger"));
        assertThat(submitted.path("Trigger").asText()).isEqualTo("direct");
        assertThat(submitted.path(JOBS_SUBMITTED).asDouble()).isEqualTo(1);
        assertThat(submitted.path(IMAGES_REQUESTED).asDouble()).isEqualTo(2);
        // QUALITY is $0.20 an image at fal's published price.
        assertThat(submitted.path(ESTIMATED_SPEND).asDouble()).isEqualTo(0.40);
        assertThat(EmfDocuments.unit(submitted, ESTIMATED_SPEND)).contains("None");
        assertThat(submitted.path("renderingSpeed").asText()).isEqualTo("QUALITY");
        assertThat(submitted.path("falRequestId").asText()).isEqualTo(REQUEST_ID);

        JsonNode completed = docs.one(JOBS_COMPLETED);
        assertThat(completed.path(IMAGES_GENERATED).asDouble()).isEqualTo(1);
        // fal's own metrics.inference_time (1.5 s) is the run time.
        assertThat(completed.path(FAL_RUN_TIME).asDouble()).isEqualTo(1500);
        assertThat(EmfDocuments.unit(completed, FAL_RUN_TIME)).contains("Milliseconds");
        assertThat(completed.path(FAL_QUEUE_WAIT).asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(completed.path(LATENCY).asDouble())
                .isGreaterThanOrEqualTo(completed.path(FAL_QUEUE_WAIT).asDouble());
        // submit, the status stream (queued, running, completed), result
        assertThat(completed.path(FAL_REQUESTS).asDouble()).isEqualTo(3);
        assertThat(completed.path("falRequestId").asText()).isEqualTo(REQUEST_ID);
    }

    @Test
    void aFailedJobIsCountedByErrorTypeAsWellAsByTrigger() {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json", "fal/status-completed-error.json");

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOf(UpstreamError.class);

        JsonNode failed = metrics.documents().one(JOBS_FAILED);
        assertThat(EmfDocuments.dimensionSets(failed)).containsExactly(List.of("Trigger"),
                List.of("Trigger", "ErrorType"));
        assertThat(failed.path("ErrorType").asText()).isEqualTo("UpstreamError");
        assertThat(failed.path(JOBS_FAILED).asDouble()).isEqualTo(1);
        // Latency and fal's timings describe the results people get; a failure's would blur them.
        assertThat(failed.has(LATENCY)).isFalse();
        assertThat(metrics.documents().with(JOBS_COMPLETED)).isEmpty();
    }

    @Test
    void aCancelledJobIsCountedApartFromFailures() {
        fal.acceptsSubmit().statusSequence("fal/status-completed-cancelled.json");

        String requestId = service.submit(service.accept(Fixtures.falExample("required_parameters_example")),
                Caller.DIRECT, null);
        JobStatus status = service.await(requestId, BUDGET);

        assertThat(status.state()).isEqualTo(JobStatus.State.CANCELLED);
        assertThat(status.error()).isNull();
        assertThat(metrics.documents().one(JOBS_CANCELLED).path(JOBS_CANCELLED).asDouble()).isEqualTo(1);
        assertThat(metrics.documents().with(JOBS_FAILED)).isEmpty();
    }

    @Test
    void aCompletedJobWhoseResultFalFailsIsAFailedJobNotAnOutage() {
        fal.acceptsSubmit().statusSequence("fal/status-completed.json").result(500, "fal/error-500.json");

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(UpstreamError.class, error -> {
                    assertThat(error.status()).isEqualTo(500);
                    assertThat(error.getMessage()).startsWith("fal's job failed: its result is an error (500)");
                });

        JsonNode failed = metrics.documents().one(JOBS_FAILED);
        assertThat(failed.path("ErrorType").asText()).isEqualTo("UpstreamError");
        assertThat(metrics.documents().with(JOBS_COMPLETED)).isEmpty();
        // The model's answer is not retried: one result request.
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(FalStandIn.RESULT_PATH)));
    }

    @Test
    void aSecondLookAtAnEndedJobInTheSameEnvironmentDoesNotCountItAgain() {
        fal.completesNormally();
        String requestId = service.submit(service.accept(Fixtures.falExample("required_parameters_example")),
                Caller.DIRECT, null);
        service.await(requestId, BUDGET);

        service.check(requestId);

        assertThat(metrics.documents().with(JOBS_COMPLETED)).hasSize(1);
        assertThat(metrics.documents().with(JOBS_SUBMITTED)).hasSize(1);
    }

    @Test
    void aRefusedRequestWritesNoMetricBecauseNothingReachedFal() {
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        request.put("num_images", 9);

        assertThatThrownBy(() -> service.remix(request, BUDGET)).isInstanceOf(ValidationError.class);
        assertThat(metrics.documents().all()).isEmpty();

        // The same request within the schema is counted: the silence above was the refusal's.
        fal.completesNormally();
        service.remix(request.put("num_images", 1), BUDGET);
        assertThat(metrics.documents().with(JOBS_SUBMITTED)).hasSize(1);
    }

    @Test
    void theTriggerAndTheIdsThatTraceTheJobComeFromTheLoggingContext() {
        fal.completesNormally();
        MDC.put(JobMetrics.TRIGGER, "s3");
        MDC.put("AWSRequestId", "8f5c2b1e-0000-4000-8000-000000000001");
        MDC.put("s3Key", "jobs/mascot.json");

        service.remix(Fixtures.falExample("required_parameters_example"), BUDGET);

        assertThat(metrics.documents().all()).hasSize(2);
        for (JsonNode doc : metrics.documents().all()) {
            assertThat(doc.path("Trigger").asText()).isEqualTo("s3");
            assertThat(doc.path("AWSRequestId").asText()).isEqualTo("8f5c2b1e-0000-4000-8000-000000000001");
            assertThat(doc.path("s3Key").asText()).isEqualTo("jobs/mascot.json");
        }
        // BALANCED by default: $0.15 for the one image.
        assertThat(metrics.documents().one(JOBS_SUBMITTED).path(ESTIMATED_SPEND).asDouble()).isEqualTo(0.15);
    }
}
