package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.CANCEL_PATH;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.STATUS_PATH;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.characterremix.caller.Caller;
import dev.characterremix.http.caller.JobHandles;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The fal proxy route's rules, against the WireMock fal stand-in: what passes, what is added, what is refused. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class FalProxyTest {

    static final String QUEUE = "https://queue.fal.run";

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
    void aSubmitIsForwardedWithTheFunctionsKeyAndOnlyFalsHeaders() {
        fal.acceptsSubmit();

        given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                .header("Authorization", "Bearer the-callers-jwt").header("x-fal-request-timeout", "60")
                .header("x-internal-session", "s3cr3t").body(RemixResource.EXAMPLE)
                .when().post("/v1/fal/proxy")
                .then().statusCode(200).header("x-fal-request-id", handles.issue(REQUEST_ID, Caller.ANONYMOUS))
                .body("request_id", equalTo(handles.issue(REQUEST_ID, Caller.ANONYMOUS)))
                .body(not(containsString(FalStandIn.KEY))).body(not(containsString(REQUEST_ID)));

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization", WireMock.equalTo("Key " + FalStandIn.KEY))
                .withHeader("x-fal-request-timeout", WireMock.equalTo("60"))
                .withHeader("x-fal-client-proxy", matching("character-remix/.+"))
                .withHeader("x-internal-session", absent())
                .withHeader(FalProxyResource.TARGET, absent())
                .withRequestBody(equalToJson(RemixResource.EXAMPLE)));
    }

    @Test
    void aSubmitAnswerWithoutFalsRequestIdHeaderStillHandsOutAHandleNotFalsId() {
        // FalStandIn.json answers with fal's body and no x-fal-request-id header.
        fal.server().stubFor(WireMock.post(urlPathEqualTo(SUBMIT_PATH)).willReturn(FalStandIn.json(200,
                "fal/submit-in-queue.json")));

        given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                .body(RemixResource.EXAMPLE).when().post("/v1/fal/proxy")
                .then().statusCode(200).body("request_id", equalTo(handles.issue(REQUEST_ID, Caller.ANONYMOUS)))
                .body(not(containsString(REQUEST_ID)));
    }

    @Test
    void statusResultAndCancelOfThisModelsRequestsPassThrough() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json").result(200, "fal/result-ok.json")
                .cancel(202, "fal/cancel-requested.json");
        String requests = QUEUE + "/fal-ai/ideogram/requests/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS);

        given().contentType("application/json").header(FalProxyResource.TARGET, requests + "/status?logs=1")
                .when().get("/v1/fal/proxy").then().statusCode(202).body("status", equalTo("IN_PROGRESS"));
        given().contentType("application/json").header(FalProxyResource.TARGET, requests)
                .when().get("/v1/fal/proxy").then().statusCode(200).body("seed", equalTo(123456));
        given().contentType("application/json").header(FalProxyResource.TARGET, requests + "/cancel")
                .when().put("/v1/fal/proxy").then().statusCode(202);

        fal.server().verify(1,
                getRequestedFor(urlPathEqualTo(STATUS_PATH)).withQueryParam("logs", WireMock.equalTo("1"))
                        .withHeader("Authorization", WireMock.equalTo("Key " + FalStandIn.KEY)));
        fal.server().verify(1, putRequestedFor(urlPathEqualTo(CANCEL_PATH)));
    }

    @Test
    void anythingButThisModelIsRefusedAndNeverReachesFal() {
        for (List<String> attempt : List.of(
                List.of("POST", QUEUE + "/fal-ai/flux/dev"),
                List.of("POST", "https://evil.example" + SUBMIT_PATH),
                List.of("POST", "http://queue.fal.run" + SUBMIT_PATH),
                List.of("GET", QUEUE + SUBMIT_PATH),
                List.of("GET", QUEUE + "/fal-ai/flux/requests/" + REQUEST_ID),
                List.of("PUT", QUEUE + "/fal-ai/ideogram/requests/" + REQUEST_ID),
                List.of("GET", QUEUE + "/fal-ai/ideogram/requests/../../other/requests/x"),
                List.of("POST", QUEUE + SUBMIT_PATH + "?fal_webhook=https://attacker.example/hook"),
                List.of("POST", QUEUE + SUBMIT_PATH + "?logs=1;fal_webhook=https://attacker.example/hook"))) {
            given().contentType("application/json").header(FalProxyResource.TARGET, attempt.get(1))
                    .body(RemixResource.EXAMPLE.getBytes(StandardCharsets.UTF_8))
                    .when().request(attempt.get(0), "/v1/fal/proxy")
                    .then().statusCode(403).contentType("application/json")
                    .body("detail", containsString(reason(attempt.get(1))))
                    .body("message", containsString(reason(attempt.get(1))));
        }
        given().contentType("application/json").body(RemixResource.EXAMPLE).when().post("/v1/fal/proxy")
                .then().statusCode(400).body("detail", containsString("x-fal-target-url"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    /** Why a target is refused: a smuggled pair, a webhook, or not this model's route. */
    private static String reason(String target) {
        return target.contains(";")
                ? "is not forwarded"
                : target.contains("fal_webhook")
                        ? "Webhooks"
                        : "forwards only fal-ai/ideogram/character/remix";
    }

    @Test
    void aBadSubmitIsAnsweredAsFalAnswersAndCostsNothing() {
        given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                .body("{\"prompt\": 42, \"image_url\": \"https://v3.fal.media/a.png\", \"reference_image_urls\": "
                        + "[\"https://v3.fal.media/b.png\"], \"image_size\": {\"width\": 0}}")
                .when().post("/v1/fal/proxy")
                .then().statusCode(422)
                .body("detail.loc", contains(List.of("body", "image_size", "width"), List.of("body", "prompt")))
                .body("detail[1].msg", equalTo("must be a string (got 42)"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void onlyAllowListedFalHeadersAndQueryPairsAreForwardedWithCheckedValues() {
        for (String[] header : new String[][] { { "x-fal-secret-routing", "1" },
                { "x-fal-request-timeout", "60\u00e9" }, { "x-fal-runner-hint", "x".repeat(300) } }) {
            given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                    .header(header[0], header[1]).body(RemixResource.EXAMPLE)
                    .when().post("/v1/fal/proxy")
                    .then().statusCode(400).contentType("application/json")
                    .body("detail", containsString(header[0]));
        }
        String status = QUEUE + "/fal-ai/ideogram/requests/" + handles.issue(REQUEST_ID, Caller.ANONYMOUS) + "/status";
        for (String query : new String[] { "?logs=1&fal_max_queue_length=1", "?logs=yes", "?logs=1;x=2" }) {
            given().header(FalProxyResource.TARGET, status + query).when().get("/v1/fal/proxy")
                    .then().statusCode(403).body("detail", containsString("is not forwarded"));
        }
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void falsErrorAnswersReachTheCallerWithoutTheKeyInAnyEncoding() {
        String key = FalStandIn.KEY;
        String secret = key.substring(key.indexOf(':') + 1);
        String basic = java.util.Base64.getEncoder().encodeToString(("user " + key).getBytes(StandardCharsets.UTF_8));
        String detail = "bad key " + key + " / " + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).toLowerCase()
                + " / " + java.util.Base64.getUrlEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))
                + " / Basic " + basic;
        fal.server().stubFor(WireMock.post(urlPathEqualTo(SUBMIT_PATH)).willReturn(WireMock.aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("X-Fal-Error-Type", "locked " + key)
                .withBody("{\"detail\": \"" + detail + "\", \"error_type\": \"" + secret + "\"}")));

        String answer = given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                .body(RemixResource.EXAMPLE).when().post("/v1/fal/proxy")
                .then().statusCode(403).header("x-fal-error-type", "locked ***")
                .body("detail", containsString("bad key ***"))
                .extract().asString();

        org.assertj.core.api.Assertions.assertThat(answer).doesNotContain(key).doesNotContain(secret)
                .doesNotContain(key.substring(0, key.indexOf(':')))
                .doesNotContain(basic.substring(8, 40));
    }

    @Test
    void aSyncModeSubmitIsRefusedBeforeFalSinceItsAnswerCouldNotFit() {
        given().contentType("application/json").header(FalProxyResource.TARGET, QUEUE + SUBMIT_PATH)
                .body(RemixResource.EXAMPLE.replace("{", "{\"sync_mode\": true, "))
                .when().post("/v1/fal/proxy")
                .then().statusCode(422).body("detail[0].loc", contains("body", "sync_mode"))
                .body("detail[0].msg", containsString("must be false here"));
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }
}
