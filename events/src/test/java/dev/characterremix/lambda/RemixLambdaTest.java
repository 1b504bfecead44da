package dev.characterremix.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Direct invocations posted to Quarkus's Lambda mock event server, answered through the real poll loop. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class RemixLambdaTest {

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    RemixLambda lambda;

    @Inject
    dev.characterremix.job.JobConfig jobConfig;

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void anInvocationWithTooLittleTimeLeftSendsNothingToFal() {
        fal.completesNormally();
        // Left: the safety margin and half the least time worth a job.
        long minMillis = jobConfig.minBudget().toMillis();
        var context = new dev.characterremix.s3.FixedDeadlineContext(
                jobConfig.lambdaSafetyMargin().toMillis() + minMillis / 2);
        var answer = new java.io.ByteArrayOutputStream();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lambda.handleRequest(new java.io.ByteArrayInputStream(
                Fixtures.text("events/direct-invoke.json").getBytes(java.nio.charset.StandardCharsets.UTF_8)), answer,
                context))
                .isInstanceOf(dev.characterremix.error.TimeoutError.class)
                .hasMessageStartingWith("Not enough time left to run a remix (")
                .hasMessageEndingWith("at least " + minMillis + " ms needed): nothing was sent to fal");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void answersFalsRequiredOnlyExampleWithTheImagesAndSeed() {
        fal.completesNormally();

        // The mock event server labels a stream handler's answer as a form; Lambda's Invoke API gives the bytes as
        // they are: JSON.
        given().contentType("application/json").body(Fixtures.text("events/direct-invoke.json"))
                .when().post()
                .then().statusCode(200).parser("application/x-www-form-urlencoded", io.restassured.parsing.Parser.JSON)
                .body("images[0].url", equalTo("https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png"))
                .body("images[0].content_type", equalTo("image/png"))
                .body("seed", equalTo(123456))
                .body("request_id", equalTo(REQUEST_ID));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("Key " + FalStandIn.KEY))
                .withRequestBody(equalToJson(Fixtures.text("events/direct-invoke.json"))));
    }

    @Test
    void failsWithValidationErrorNamingEveryFieldAndCallsNothing() {
        fal.completesNormally();

        given().contentType("application/json")
                .body("{\"prompt\": \"\", \"image_url\": \"http://x.example/a.png\", \"reference_image_url\": []}")
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage", equalTo("Invalid remix request: image_url: must use https (plain http is not "
                        + "allowed) (got \"http://x.example/a.png\"); prompt: must not be blank (got \"\"); "
                        + "reference_image_url: is not a known field (did you mean reference_image_urls?); "
                        + "reference_image_urls: is required"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aMistypedValueIsAValidationErrorNotACoercedPaidJob() {
        fal.completesNormally();
        String event = Fixtures.text("events/direct-invoke.json").replaceFirst("\\{",
                "{\"seed\": \"5\", \"sync_mode\": 1, ");

        given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage", equalTo("Invalid remix request: seed: must be an integer (got \"5\"); "
                        + "sync_mode: must be true or false (got 1)"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRetriedInvocationWithTheSameIdempotencyKeyAnswersTheFirstJobWithoutASecondSubmit() {
        fal.completesNormally();
        String event = Fixtures.text("events/direct-invoke.json").replaceFirst("\\{",
                "{\"idempotency_key\": \"step-42-attempt\", ");

        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType("application/json").body(event)
                    .when().post()
                    .then().statusCode(200)
                    .parser("application/x-www-form-urlencoded", io.restassured.parsing.Parser.JSON)
                    .body("request_id", equalTo(FalStandIn.REQUEST_ID));
        }
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));

        given().contentType("application/json").body(event.replace("\"idempotency_key\": \"step-42-attempt\"",
                "\"idempotency_key\": 42"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage", equalTo("Invalid remix request: idempotency_key: must be a string"));
    }

    @Test
    void syncModeIsRefusedBeforeFalSinceItsImagesCouldNotFitTheAnswer() {
        String event = Fixtures.text("events/direct-invoke.json").replaceFirst("\\{", "{\"sync_mode\": true, ");

        given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage", startsWith("Invalid remix request: sync_mode: must be false here"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aDuplicateKeyOrAnEventThatIsNotJsonIsAValidationError() {
        fal.completesNormally();

        given().contentType("application/json").body("{\"prompt\": \"a\", \"prompt\": \"b\"}")
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage",
                        startsWith("Invalid remix request: request: must be valid JSON: Duplicate field 'prompt'"));
        given().contentType("application/json").body("hello")
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage", startsWith("Invalid remix request: request: must be valid JSON"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anImageUrlOverTheDocumented2048CharactersIsRefused() {
        String event = Fixtures.text("events/direct-invoke.json").replace("\"image_url\": \"https://v3.fal.media/",
                "\"image_url\": \"https://v3.fal.media/" + "a".repeat(3000));

        given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.ValidationError"))
                .body("errorMessage",
                        org.hamcrest.Matchers.containsString("image_url: must be at most 2048 characters"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void failsWithUpstreamAuthErrorWhenFalRejectsTheKey() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.json(401, "fal/error-401.json")));

        given().contentType("application/json").body(Fixtures.text("events/direct-invoke.json"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.UpstreamAuthError"))
                .body("errorMessage", equalTo("fal rejected the API key (401): Invalid key: *** is not authorized"));
    }

    @Test
    void failsWithUpstreamErrorCarryingTheFalRequestId() {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");

        given().contentType("application/json").body(Fixtures.text("events/direct-invoke.json"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.UpstreamError"))
                .body("errorMessage", equalTo("fal job failed: Request timed out (fal request " + REQUEST_ID + ")"));
    }

    @Test
    void failsWithUpstreamUnavailableWhenFalKeepsFailing() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.json(503, "fal/error-503.json")));

        given().contentType("application/json").body(Fixtures.text("events/direct-invoke.json"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo("dev.characterremix.error.UpstreamUnavailableError"))
                .body("errorMessage", startsWith("fal is unavailable (503 runner_scheduling_failure) on submit"));
        fal.server().verify(4, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
