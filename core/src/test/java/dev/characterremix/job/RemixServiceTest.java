package dev.characterremix.job;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.CANCEL_PATH;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.RESULT_PATH;
import static dev.characterremix.testing.FalStandIn.STATUS_PATH;
import static dev.characterremix.testing.FalStandIn.STREAM_PATH;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalImage;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class RemixServiceTest {

    static final Duration BUDGET = Duration.ofSeconds(20);

    @InjectFalStandIn
    FalStandIn fal;

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
    void runsFalsRequiredOnlyExampleThroughTheQueue() {
        fal.completesNormally();
        ObjectNode example = (ObjectNode) Fixtures.falExample("required_parameters_example");

        RemixResult result = service.remix(example, BUDGET);

        assertThat(result.requestId()).isEqualTo(REQUEST_ID);
        assertThat(result.seed()).isEqualTo(123456L);
        assertThat(result.images()).containsExactly(new FalImage(
                "https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png", "image/png", "image.png",
                1_048_576L));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withoutHeader("X-Fal-Request-Timeout")
                .withRequestBody(equalToJson(example.toString(), false, false)));
        // Followed on fal's status stream (as fal's clients ask for it, without logs), not by polling.
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(STREAM_PATH))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY))
                .withHeader("Accept", equalTo("text/event-stream")).withQueryParam("logs", equalTo("0")));
        fal.server().verify(0, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
        fal.server().verify(0, putRequestedFor(urlPathEqualTo(CANCEL_PATH)));
    }

    @Test
    void sendsFalsFullExampleUnchanged() {
        fal.completesNormally();
        ObjectNode example = (ObjectNode) Fixtures.falExample("full_example");

        service.remix(example, BUDGET);

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(equalToJson(example.toString(), false, false)));
    }

    @Test
    void callsNothingWhenTheRequestIsInvalid() {
        fal.completesNormally();
        ObjectNode request = ((ObjectNode) Fixtures.falExample("required_parameters_example")).put("num_images", 9);

        assertThatThrownBy(() -> service.remix(request, BUDGET)).isInstanceOf(ValidationError.class)
                .hasMessage("Invalid remix request: num_images: must be between 1 and 8 (got 9)");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void failsWhenTheJobCompletesWithAnError() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json", "fal/status-completed-error.json")
                .result(200, "fal/result-ok.json");

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(UpstreamError.class, error -> {
                    assertThat(error.falErrorType()).isEqualTo("request_timeout");
                    assertThat(error.falRequestId()).contains(REQUEST_ID);
                    assertThat(error.getMessage())
                            .isEqualTo("fal job failed: Request timed out (fal request " + REQUEST_ID + ")");
                    assertThat(error.startTimedOut()).isFalse();
                });
        // A timed-out job's result is read once, only to tell a start timeout from a run timeout.
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void onlyFalsCancellationErrorTypeMakesAJobCancelledNotTheWordInItsError() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        fal.server().stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(FalStandIn.accepted(200,
                "fal/status-completed.json").withBody(
                        "{\"status\": \"COMPLETED\", \"error\": \"The order was "
                                + "cancelled by the model: upstream canceled\", \"error_type\": \"runner_server_error\"}")));

        JobStatus status = service.await(service.submit(service.accept(Fixtures.falExample(
                "required_parameters_example")), Caller.DIRECT, null), BUDGET);

        assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(status.error()).isInstanceOfSatisfying(UpstreamError.class,
                error -> assertThat(error.falErrorType()).isEqualTo("runner_server_error"));
    }

    @Test
    void falsErrorTypeIsScrubbedLikeItsMessage() {
        String secret = FalStandIn.KEY.substring(FalStandIn.KEY.indexOf(':') + 1);
        fal.acceptsSubmit();
        fal.server().stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(FalStandIn.accepted(200,
                "fal/status-completed.json").withBody(
                        "{\"status\": \"COMPLETED\", \"error\": \"failed\", "
                                + "\"error_type\": \"bad_key_" + secret + "\"}")));

        JobStatus status = service.await(service.submit(service.accept(Fixtures.falExample(
                "required_parameters_example")), Caller.DIRECT, null), BUDGET);

        assertThat(status.error()).isInstanceOfSatisfying(UpstreamError.class,
                error -> assertThat(error.falErrorType()).isEqualTo("bad_key_***"));
    }

    @Test
    void aJobFalDroppedAtTheStartDeadlineOfItsSubmitIsReportedAsSuch() {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");
        fal.server().stubFor(get(urlPathEqualTo(RESULT_PATH))
                .willReturn(FalStandIn.accepted(504, "fal/error-504-start-timeout.json")
                        .withHeader("X-Fal-Request-Timeout-Type", "user")));
        String requestId = service.submit(service.accept(Fixtures.falExample("required_parameters_example")),
                Caller.DIRECT, Duration.ofMinutes(25));

        JobStatus status = service.await(requestId, BUDGET);

        assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(status.error()).isInstanceOfSatisfying(UpstreamError.class,
                error -> assertThat(error.startTimedOut()).isTrue());
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("X-Fal-Request-Timeout", equalTo("1500")));
    }

    @Test
    void noFormOfTheKeyNorAPresignedSignatureFalEchoesReachesAnError() {
        String id = FalStandIn.KEY.substring(0, FalStandIn.KEY.indexOf(':'));
        String secret = FalStandIn.KEY.substring(FalStandIn.KEY.indexOf(':') + 1);
        String encoded = java.net.URLEncoder.encode(FalStandIn.KEY, java.nio.charset.StandardCharsets.UTF_8);
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"detail\": \"Key id " + id + " is not valid; secret " + secret + "; sent " + encoded
                                        + "\"}")));

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(UpstreamAuthError.class, error -> assertThat(error.getMessage())
                        .isEqualTo("fal rejected the API key (401): Key id *** is not valid; secret ***; sent ***")
                        .doesNotContain(id).doesNotContain(secret).doesNotContain(encoded));

        fal.reset();
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(422)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\": [{\"loc\": [\"body\", \"" + id + "\"], \"msg\": \"bad\", \"type\": \""
                                + secret + "\"}]}")));
        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(ValidationError.class, error -> assertThat(error.getMessage())
                        .doesNotContain(id).doesNotContain(secret));

        fal.reset();
        fal.acceptsSubmit();
        fal.server().stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(FalStandIn
                .accepted(200, "fal/status-completed.json")
                .withBody("{\"status\": \"COMPLETED\", \"error\": \"Could not load https://b.s3.amazonaws.com/x.png?"
                        + "X-Amz-Credential=AKIA123%2F20261126&X-Amz-Security-Token=IQoJb3&X-Amz-Signature=abc123\\n"
                        + "FORGED LINE\", \"error_type\": \"image_load_error\"}")));
        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(UpstreamError.class, error -> assertThat(error.getMessage())
                        .contains("X-Amz-Credential=***").contains("X-Amz-Security-Token=***")
                        .contains("X-Amz-Signature=***").contains("\\nFORGED LINE").doesNotContain("\n")
                        .doesNotContain("AKIA123").doesNotContain("IQoJb3").doesNotContain("abc123"));
    }

    @Test
    void reportsFalsValidationDetailOn422() {
        fal.acceptsSubmit().statusSequence("fal/status-completed.json").result(422, "fal/error-422.json");

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(ValidationError.class, error -> {
                    assertThat(error.source()).isEqualTo(ValidationError.Source.FAL);
                    assertThat(error.violations()).singleElement().hasToString("image_url: Could not load image "
                            + "from url: https://example.com/missing.png (image_load_error)");
                    assertThat(error.falRequestId()).contains(REQUEST_ID);
                });
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void reportsRejectedKeyWithoutEchoingIt() {
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.json(401, "fal/error-401.json")));

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOfSatisfying(UpstreamAuthError.class, error -> {
                    assertThat(error.status()).isEqualTo(401);
                    assertThat(error.getMessage()).doesNotContain(FalStandIn.KEY).isEqualTo(
                            "fal rejected the API key (401): Invalid key: *** is not authorized");
                });
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void reportsALockedAccountAsAnAuthError() {
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.json(403, "fal/error-403-locked.json")));

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"), BUDGET))
                .isInstanceOf(UpstreamAuthError.class)
                .hasMessageContaining("User is locked. Reason: Exhausted balance");
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void cancelsTheJobWhenTheDeadlinePasses() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json").cancel(202, "fal/cancel-requested.json");

        assertThatThrownBy(() -> service.remix(Fixtures.falExample("required_parameters_example"),
                Duration.ofMillis(300)))
                .isInstanceOfSatisfying(TimeoutError.class, error -> {
                    assertThat(error.cancelled()).isTrue();
                    assertThat(error.falRequestId()).contains(REQUEST_ID);
                    assertThat(error.getMessage()).isEqualTo("The remix did not complete within 300 ms; the fal job "
                            + "was cancelled (fal request " + REQUEST_ID + ")");
                });
        fal.server().verify(1, putRequestedFor(urlPathEqualTo(CANCEL_PATH))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY)));
        fal.server().verify(0, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }

    @Test
    void fetchesTheResultWhenTheJobCompletedAsTheDeadlinePassed() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json")
                .cancel(400, "fal/cancel-already-completed.json").result(200, "fal/result-ok.json");

        RemixResult result = service.remix(Fixtures.falExample("required_parameters_example"), Duration.ofMillis(200));

        assertThat(result.seed()).isEqualTo(123456L);
        fal.server().verify(1, putRequestedFor(urlPathEqualTo(CANCEL_PATH)));
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(RESULT_PATH)));
    }
}
