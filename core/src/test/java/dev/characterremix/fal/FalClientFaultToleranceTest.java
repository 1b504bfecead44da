package dev.characterremix.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.RESULT_PATH;
import static dev.characterremix.testing.FalStandIn.STATUS_PATH;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class FalClientFaultToleranceTest {

    static final RemixRequest REQUEST = RemixRequest.of("a mascot on the moon", "https://example.com/scene.png",
            java.util.List.of("https://example.com/character.png"));

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    FalClient client;

    @Inject
    RemixService service;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void retriesSubmitOn429ThenSucceeds() {
        submitAnswers(aResponse().withStatus(429).withBody("{\"detail\":\"Too many requests\"}"));

        assertThat(client.submit(REQUEST, null, null).requestId()).isEqualTo(REQUEST_ID);
        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void retriesSubmitOnIngress503ThenSucceeds() {
        submitAnswers(FalStandIn.json(503, "fal/error-503.json"));

        assertThat(client.submit(REQUEST, null, null).requestId()).isEqualTo(REQUEST_ID);
        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void doesNotRetrySubmitOn503CarryingARequestId() {
        fal.server()
                .stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.accepted(503, "fal/error-503.json")));

        assertThatThrownBy(() -> client.submit(REQUEST, null, null)).isInstanceOfSatisfying(
                UpstreamUnavailableError.class,
                error -> assertThat(error.mayHaveBeenAccepted()).isTrue());
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void doesNotRetrySubmitOn500() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(aResponse().withStatus(500)
                .withBody("{\"detail\":\"Internal error\",\"error_type\":\"internal_error\"}")));

        assertThatThrownBy(() -> client.submit(REQUEST, null, null)).isInstanceOfSatisfying(
                UpstreamUnavailableError.class,
                error -> assertThat(error)
                        .hasMessage("fal is unavailable (500 internal_error) on submit: Internal error"));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void doesNotRetrySubmitAfterAReadTimeout() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.accepted(200, "fal/submit-in-queue.json").withFixedDelay(1_500)));

        assertThatThrownBy(() -> client.submit(REQUEST, null, null)).isInstanceOfSatisfying(
                UpstreamUnavailableError.class,
                error -> assertThat(error.mayHaveBeenAccepted()).isTrue());
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void doesNotRetrySubmitAfterAConnectionReset() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.submit(REQUEST, null, null)).isInstanceOfSatisfying(
                UpstreamUnavailableError.class,
                error -> assertThat(error.mayHaveBeenAccepted()).isTrue());
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void retriesStatusOnConnectionResetAnd500ThenSucceeds() {
        statusAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(500).withBody("{\"detail\":\"oops\"}"),
                FalStandIn.json(503, "fal/error-503.json"));

        assertThat(client.status(REQUEST_ID).completed()).isTrue();
        fal.server().verify(4, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
    }

    @Test
    void givesUpOnStatusAfterBoundedRetries() {
        fal.server().stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(FalStandIn.json(503, "fal/error-503.json")));

        assertThatThrownBy(() -> client.status(REQUEST_ID)).isInstanceOf(UpstreamUnavailableError.class);
        fal.server().verify(6, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
    }

    @Test
    void doesNotRetryResultOn500WhichIsTheJobsOwnFailure() {
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH)).willReturn(aResponse().withStatus(500)));

        // The model's own answer, not fal being unavailable: a failed job, and nothing for the breaker.
        assertThatThrownBy(() -> client.result(REQUEST_ID)).isInstanceOfSatisfying(UpstreamError.class,
                error -> assertThat(error.status()).isEqualTo(500));
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void retriesResultOn502ThenSucceeds() {
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH)).inScenario("result").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH)).inScenario("result").whenScenarioStateIs("ok")
                .willReturn(FalStandIn.accepted(200, "fal/result-ok.json")));

        assertThat(client.result(REQUEST_ID).seed()).isEqualTo(123456L);
        fal.server().verify(2, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void reportsMalformedJsonAsAnUpstreamError() {
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"images\": [{\"url\": ")));

        assertThatThrownBy(() -> client.result(REQUEST_ID)).isInstanceOf(UpstreamError.class)
                .hasMessage("fal answered result with malformed JSON");
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void reportsAResultWithoutImagesAsAnUpstreamError() {
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"images\": [], \"seed\": 1}")));

        assertThatThrownBy(() -> client.result(REQUEST_ID)).isInstanceOf(UpstreamError.class)
                .hasMessage("fal's result has no image URLs");
    }

    @Test
    void opensTheBreakerAfterRepeatedFailuresAndStopsCallingFal() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> service.remix(REQUEST, Caller.DIRECT, Duration.ofSeconds(5)))
                    .isInstanceOf(UpstreamUnavailableError.class);
        }

        assertThatThrownBy(() -> service.remix(REQUEST, Caller.DIRECT, Duration.ofSeconds(5)))
                .isInstanceOf(UpstreamUnavailableError.class)
                .hasMessage("fal is failing; calls to submit are paused by the circuit breaker");
        fal.server().verify(8, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void runsAJobDespiteTransientStatusFailures() {
        fal.acceptsSubmit().result(200, "fal/result-ok.json");
        statusAnswers(FalStandIn.json(503, "fal/error-503.json"), aResponse().withStatus(429));

        assertThat(service.remix(Fixtures.falExample("required_parameters_example"), Duration.ofSeconds(10)).seed())
                .isEqualTo(123456L);
    }

    /** The first answers in order, then the submit is accepted. */
    private void submitAnswers(ResponseDefinitionBuilder... failures) {
        answers(SUBMIT_PATH, true, failures);
    }

    /** The first answers in order, then COMPLETED. */
    private void statusAnswers(ResponseDefinitionBuilder... failures) {
        answers(STATUS_PATH, false, failures);
    }

    private void answers(String path, boolean submit, ResponseDefinitionBuilder... failures) {
        for (int i = 0; i < failures.length; i++) {
            var request = submit ? post(urlPathEqualTo(path)) : get(urlPathEqualTo(path));
            fal.server().stubFor(request.inScenario(path).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "try-" + i)
                    .willReturn(failures[i]).willSetStateTo("try-" + (i + 1)));
        }
        var request = submit ? post(urlPathEqualTo(path)) : get(urlPathEqualTo(path));
        fal.server().stubFor(request.inScenario(path).whenScenarioStateIs("try-" + failures.length)
                .willReturn(submit
                        ? FalStandIn.accepted(200, "fal/submit-in-queue.json")
                        : FalStandIn.accepted(200, "fal/status-completed.json")));
    }
}
