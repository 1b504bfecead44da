package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.CANCEL_PATH;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.caller.Caller;
import dev.characterremix.http.caller.JobHandles;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The HTTP API through Quarkus's Lambda mock event server: every request becomes an API Gateway v2 event. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class RemixResourceTest {

    static final String EXAMPLE = Fixtures.falExample("required_parameters_example").toString();
    static final String JOB_PATH = "/v1/remix/jobs/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    JobHandles handles;

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void remixAnswers200WithTheResultWhenTheJobFinishesInTime() {
        fal.completesNormally();

        given().contentType("application/json").body(EXAMPLE)
                .when().post("/v1/remix")
                .then().statusCode(200)
                .header(RequestIds.HEADER, notNullValue())
                .body("status", equalTo("COMPLETED"))
                .body("job_id", notNullValue())
                .body("result.images[0].url",
                        equalTo("https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png"))
                .body("result.seed", equalTo(123456))
                .body("fal_request_id", equalTo(REQUEST_ID));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)).withRequestBody(equalToJson(EXAMPLE)));
    }

    @Test
    void remixAnswers202WithTheJobsAddressWhenTheJobOutlastsTheWait() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");

        given().contentType("application/json").body(EXAMPLE)
                .when().post("/v1/remix")
                .then().statusCode(202)
                .header("Location", matchesPattern(JOB_PATH))
                .body("status", equalTo("IN_PROGRESS"))
                .body("job_id", notNullValue())
                .body("fal_request_id", equalTo(REQUEST_ID));
        fal.server().verify(0, putRequestedFor(urlPathEqualTo(CANCEL_PATH)));
    }

    @Test
    void preferWaitLetsAQueuedRemixWaitAndRespondAsyncLetsARemixNot() {
        fal.completesNormally();
        given().contentType("application/json").body(EXAMPLE).header("Prefer", "wait=10")
                .when().post("/v1/remix/jobs")
                // Capped by REMIX_HTTP_WAIT_FOR (1 s in the tests), and said so.
                .then().statusCode(200).header("Preference-Applied", equalTo("wait=1"))
                .body("status", equalTo("COMPLETED"));

        fal.reset();
        fal.completesNormally();
        given().contentType("application/json").body(EXAMPLE).header("Prefer", "respond-async")
                .when().post("/v1/remix")
                .then().statusCode(202).header("Preference-Applied", equalTo("wait=0"))
                .header("Location", matchesPattern(JOB_PATH))
                .body("status", equalTo("IN_QUEUE"));
    }

    @Test
    void submitQueuesAndTheJobCanBeFollowedToItsResult() {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json", "fal/status-in-progress.json",
                "fal/status-completed.json").result(200, "fal/result-ok.json");

        String location = given().contentType("application/json").body(EXAMPLE)
                .when().post("/v1/remix/jobs")
                .then().statusCode(202).header("Location", matchesPattern("(https?://[^/]+)?" + JOB_PATH))
                .body("status", equalTo("IN_QUEUE"))
                .extract().header("Location");
        String path = location.substring(location.indexOf("/v1/"));

        given().when().get(path).then().statusCode(200).body("status", equalTo("IN_QUEUE"))
                .body("queue_position", equalTo(2));
        given().when().get(path).then().statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("result", nullValue());
        given().when().get(path).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("result.images[0].url", startsWith("https://v3.fal.media/"))
                .body("result.seed", equalTo(123456));
    }

    @Test
    void aFailedJobShowsItsError() {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");

        given().when().get("/v1/remix/jobs/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS))
                .then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error.type", equalTo("urn:character-remix:problem:UpstreamError"))
                .body("error.detail", equalTo("fal job failed: Request timed out (fal request " + REQUEST_ID + ")"));
    }

    @Test
    void forgedEditedOtherCallersOrRawFalIdsAre404() {
        String genuine = handles.issue(REQUEST_ID, Caller.ANONYMOUS);
        String sealed = genuine.substring(genuine.indexOf('.') + 1);
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(sealed);
        bytes[3] ^= 1;
        String edited = genuine.substring(0, genuine.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String someoneElses = handles.issue(REQUEST_ID, Caller.jwt("https://issuer.example", "someone-else"));

        for (String id : new String[] { edited, someoneElses, REQUEST_ID, "not-a-job", "%2e%2e" }) {
            given().when().get("/v1/remix/jobs/" + id)
                    .then().statusCode(404).contentType(Problem.MEDIA_TYPE).body("status", equalTo(404));
            given().when().delete("/v1/remix/jobs/" + id).then().statusCode(404);
        }
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void deleteCancelsARunningJob() {
        fal.cancel(202, "fal/cancel-requested.json");

        given().when().delete("/v1/remix/jobs/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS))
                .then().statusCode(202).body("status", equalTo("CANCELLATION_REQUESTED"));
        fal.server().verify(1, putRequestedFor(urlPathEqualTo(CANCEL_PATH)));
    }

    @Test
    void deleteOfACompletedJobIs409() {
        fal.cancel(400, "fal/cancel-already-completed.json");

        given().when().delete("/v1/remix/jobs/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS))
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:AlreadyCompleted"));
    }

    @Test
    void invalidRequestIs422ListingEveryViolation() {
        given().contentType("application/json")
                .body("{\"prompt\": \"x\", \"image_url\": \"ftp://a/b.png\", \"reference_image_urls\": [], \"num_images\": 9}")
                .when().post("/v1/remix")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:ValidationError"))
                .body("title", equalTo("Invalid remix request"))
                .body("errors.field", org.hamcrest.Matchers.contains("image_url", "num_images", "reference_image_urls"))
                .body("errors.message", hasItem("must be between 1 and 8 (got 9)"))
                .body("request_id", notNullValue());
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void mistypedValuesAre422NamingTheFieldAndQueueNoJob() {
        given().contentType("application/json")
                .body("{\"prompt\": 42, \"image_url\": \"https://v3.fal.media/a.png\", \"reference_image_urls\": "
                        + "[\"https://v3.fal.media/r.png\"], \"strength\": \"0.5\", \"num_images\": \"2\", "
                        + "\"expand_prompt\": \"true\", \"image_size\": {\"width\": \"512\"}}")
                .when().post("/v1/remix")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", org.hamcrest.Matchers.contains("expand_prompt", "image_size.width", "num_images",
                        "prompt", "strength"))
                .body("errors.message", hasItem("must be a string (got 42)"))
                .body("errors.message", hasItem("must be a number (got \"0.5\")"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType("application/json").body("{\"prompt\": ")
                .when().post("/v1/remix")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Malformed request"))
                .body("detail", startsWith("The body is not valid JSON"));
    }

    @Test
    void aNullListOrScalarBodyIs422SayingWhatItIs() {
        for (String body : List.of("null", "[]", "42")) {
            given().contentType("application/json").body(body)
                    .when().post("/v1/remix")
                    .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].message", startsWith("must be a JSON object of the remix request (got "))
                    .body("detail", containsString("must be a JSON object of the remix request"));
        }
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theOperatorsSpendLimitsAre422NamingTheLimitAndQueueNothing() {
        given().contentType("application/json")
                .body(EXAMPLE.replace("{\"prompt\"",
                        "{\"rendering_speed\": \"QUALITY\", \"num_images\": 5, \"prompt\""))
                .when().post("/v1/remix")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", org.hamcrest.Matchers.contains("num_images", "rendering_speed"))
                .body("errors.message", hasItem(containsString("REMIX_LIMITS_RENDERING_SPEEDS")));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBlankBodyIs400() {
        given().contentType("application/json").body("  \n ")
                .when().post("/v1/remix")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Malformed request"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:NotFound"));
        given().contentType("application/json").body(EXAMPLE).when().put("/v1/remix")
                .then().statusCode(405).contentType(Problem.MEDIA_TYPE).body("status", equalTo(405))
                .header("Allow", equalTo("POST"))
                .body("type", equalTo("urn:character-remix:problem:MethodNotAllowed"));
        given().when().get("/v1/remix/jobs").then().statusCode(405).header("Allow", equalTo("POST"));
        List<String> allowed = given().contentType("application/json").body("{}")
                .when().post("/v1/remix/jobs/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS))
                .then().statusCode(405).extract().headers().getValues("Allow");
        assertThat(String.join(", ", allowed).split(",\\s*")).containsExactlyInAnyOrder("GET", "DELETE");
    }

    @Test
    void aBodyInUtf16Or32IsRefusedNamingItsEncoding() {
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {
                java.nio.charset.StandardCharsets.UTF_16LE,
                java.nio.charset.StandardCharsets.UTF_16BE, java.nio.charset.StandardCharsets.UTF_16,
                java.nio.charset.Charset.forName("UTF-32BE") }) {
            given().contentType("application/json").body(EXAMPLE.getBytes(charset)).when().post("/v1/remix")
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    // Named when its bytes arrive as sent; a byte-order mark that is not UTF-8 fails as such.
                    .body("detail", charset == java.nio.charset.StandardCharsets.UTF_16
                            ? containsString("UTF-8")
                            : startsWith("The body must be JSON in UTF-8 (the document is " + charset.name()));
        }
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void syncModeIsRefusedNamingTheFieldSinceItsImagesCouldNotFitTheAnswer() {
        given().contentType("application/json").body(EXAMPLE.replace("{", "{\"sync_mode\": true, "))
                .when().post("/v1/remix")
                .then().statusCode(422).body("errors[0].field", equalTo("sync_mode"))
                .body("errors[0].message", startsWith("must be false here"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void wrongContentTypeIs415NamingWhatArrivedAndWhatIsExpected() {
        given().contentType("text/plain").body(EXAMPLE).when().post("/v1/remix")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:UnsupportedMediaType"))
                // REST Assured adds its default charset to a text type: that is what arrived, and is named.
                .body("detail", equalTo("The request body must be application/json in UTF-8 "
                        + "(got text/plain; charset=ISO-8859-1)"));
    }

    @Test
    void onlyJsonInUtf8IsJson() {
        for (String type : List.of("application/json; charset=UTF-16", "*/*", "application/*",
                "text/plain; charset=utf-8")) {
            given().contentType(type).body(EXAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/v1/remix/jobs")
                    .then().statusCode(415).contentType(Problem.MEDIA_TYPE);
        }
        given().body(EXAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8)).noContentType()
                .when().post("/v1/remix/jobs").then().statusCode(415);
        fal.server().verify(0, anyRequestedFor(anyUrl()));
        fal.completesNormally();
        given().contentType("application/json; charset=utf-8").body(EXAMPLE).when().post("/v1/remix/jobs")
                .then().statusCode(202);
    }

    @Test
    void bodyTooLargeIs413() {
        String huge = "{\"prompt\": \"" + "a".repeat(7 * 1024 * 1024) + "\"}";
        given().contentType("application/json").body(huge).when().post("/v1/remix")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:RequestEntityTooLarge"))
                .header(RequestIds.HEADER, notNullValue());
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void falUnavailableIs503WithRetryAfter() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.json(503, "fal/error-503.json")));

        given().contentType("application/json").body(EXAMPLE).when().post("/v1/remix")
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:character-remix:problem:UpstreamUnavailableError"));
    }

    @Test
    void openBreakerIs503WithRetryAfter() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)));
        for (int i = 0; i < 8; i++) {
            given().contentType("application/json").body(EXAMPLE).when().post("/v1/remix").then().statusCode(503);
        }

        given().contentType("application/json").body(EXAMPLE).when().post("/v1/remix")
                .then().statusCode(503).header("Retry-After", equalTo("15"))
                .body("detail", containsString("circuit breaker"));
        fal.server().verify(8, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void falAuthFailureIs502WithoutTheKey() {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.json(401, "fal/error-401.json")));

        Response response = given().contentType("application/json").body(EXAMPLE).when().post("/v1/remix");
        response.then().statusCode(502).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:character-remix:problem:UpstreamAuthError"))
                .body(not(containsString(FalStandIn.KEY)));
    }

    @Test
    void echoesASaneCallerRequestIdAndReplacesAnInsaneOne() {
        fal.completesNormally();
        given().header(RequestIds.HEADER, "caller-42").contentType("application/json").body("{")
                .when().post("/v1/remix")
                .then().header(RequestIds.HEADER, equalTo("caller-42")).body("request_id", equalTo("caller-42"));
        given().header(RequestIds.HEADER, "bad id with spaces").contentType("application/json").body("{")
                .when().post("/v1/remix")
                .then().header(RequestIds.HEADER, matchesPattern("[0-9a-f-]{36}"));
    }
}
