package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.STATUS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Jobs belong to whoever started them: API Gateway HTTP API events carrying two JWT subjects (through the API Gateway
 * stand-in) and IAM callers (raw events); another caller's job id, or proxy request id, is 404 as an unknown one, and
 * fal is never asked about it.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class JobOwnershipTest {

    static final String ISSUER = "https://issuer.example";
    public static final String ALICE = "Bearer " + HttpApiStandIn.jwt(ISSUER, "alice");
    public static final String BOB = "Bearer " + HttpApiStandIn.jwt(ISSUER, "bob");
    static final String QUEUE = "https://queue.fal.run";

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    HttpApiStandIn api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        api = HttpApiStandIn.inFrontOfTestApplication(RestAssured.port);
    }

    @AfterEach
    void reset() {
        api.close();
        fal.reset();
        breakers.resetAll();
    }

    HttpResponse<String> call(String method, String path, String authorization, String body, String target)
            throws Exception {
        return api.call(method, path, authorization, body,
                target == null ? Map.of() : Map.of(FalProxyResource.TARGET, target));
    }

    @Test
    void anotherJwtSubjectCannotReadOrCancelAJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json").cancel(202, "fal/cancel-requested.json");
        HttpResponse<String> queued = call("POST", "/v1/remix/jobs", ALICE, RemixResource.EXAMPLE, null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        JsonNode job = Fixtures.MAPPER.readTree(queued.body());
        String jobId = job.get("job_id").asText();
        // The handle does not spell fal's id out.
        assertThat(jobId).doesNotContain(REQUEST_ID).doesNotContain(java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString(REQUEST_ID.getBytes()).substring(0, 20));

        for (String stranger : new String[] { BOB, null, "Bearer " + HttpApiStandIn.jwt("https://other.example",
                "alice") }) {
            HttpResponse<String> read = call("GET", "/v1/remix/jobs/" + jobId, stranger, null, null);
            assertThat(read.statusCode()).isEqualTo(404);
            assertThat(Fixtures.MAPPER.readTree(read.body()).get("detail").asText()).isEqualTo("No such job: " + jobId);
            assertThat(call("DELETE", "/v1/remix/jobs/" + jobId, stranger, null, null).statusCode()).isEqualTo(404);
        }
        fal.server().verify(0, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
        fal.server().verify(0, putRequestedFor(urlPathMatching(".*/cancel")));

        assertThat(call("GET", "/v1/remix/jobs/" + jobId, ALICE, null, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/remix/jobs/" + jobId, ALICE, null, null).statusCode()).isEqualTo(202);
    }

    @Test
    void rawFalRequestIdsAreNeverAcceptedOnEitherPath() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json").cancel(202, "fal/cancel-requested.json");

        assertThat(call("GET", "/v1/remix/jobs/" + REQUEST_ID, ALICE, null, null).statusCode()).isEqualTo(404);
        String requests = QUEUE + "/fal-ai/ideogram/requests/" + REQUEST_ID;
        for (String[] attempt : new String[][] { { "GET", requests + "/status" }, { "GET", requests },
                { "PUT", requests + "/cancel" } }) {
            HttpResponse<String> answer = call(attempt[0], "/v1/fal/proxy", ALICE, null, attempt[1]);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(Fixtures.MAPPER.readTree(answer.body()).get("detail").asText())
                    .isEqualTo("No such request: " + REQUEST_ID);
        }
        fal.server().verify(0, anyRequestedFor(urlPathMatching("/fal-ai/ideogram/requests/.*")));
    }

    @Test
    void aProxyRequestIdIsAHandleOnlyItsCallerCanFollow() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        HttpResponse<String> submitted = call("POST", "/v1/fal/proxy", ALICE, RemixResource.EXAMPLE,
                QUEUE + "/fal-ai/ideogram/character/remix");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        JsonNode body = Fixtures.MAPPER.readTree(submitted.body());
        String handle = body.get("request_id").asText();
        assertThat(submitted.body()).doesNotContain(REQUEST_ID);
        assertThat(submitted.headers().firstValue("x-fal-request-id")).hasValue(handle);
        assertThat(body.get("status_url").asText()).isEqualTo(QUEUE + "/fal-ai/ideogram/requests/" + handle
                + "/status");

        String status = QUEUE + "/fal-ai/ideogram/requests/" + handle + "/status";
        assertThat(call("GET", "/v1/fal/proxy", BOB, null, status).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/v1/fal/proxy", BOB, null, status.replace("/status", "/cancel")).statusCode())
                .isEqualTo(404);
        fal.server().verify(0, getRequestedFor(urlPathEqualTo(STATUS_PATH)));

        HttpResponse<String> mine = call("GET", "/v1/fal/proxy", ALICE, null, status);
        assertThat(mine.statusCode()).isEqualTo(202);
        assertThat(mine.body()).doesNotContain(REQUEST_ID).contains(handle);
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
    }

    @Test
    void iamCallersAreTheirOwnCallersToo() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        String jobId = Fixtures.MAPPER.readTree(lambda(event("POST", "/v1/remix/jobs", RemixResource.EXAMPLE,
                "arn:aws:iam::111122223333:user/alice")).get("body").asText()).get("job_id").asText();

        assertThat(lambda(event("GET", "/v1/remix/jobs/" + jobId, null, "arn:aws:iam::111122223333:user/bob"))
                .get("statusCode").asInt()).isEqualTo(404);
        assertThat(lambda(event("GET", "/v1/remix/jobs/" + jobId, null, "arn:aws:iam::111122223333:user/alice"))
                .get("statusCode").asInt()).isEqualTo(200);
    }

    /** An HTTP API event as API Gateway sends it for an IAM-authorized route (AWS's sample's shape). */
    static String event(String method, String path, String body, String userArn) {
        ObjectNode event = (ObjectNode) Fixtures.json("events/apigw-http-v2-post-remix.json");
        event.put("routeKey", method + " " + path).put("rawPath", path);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", method + " " + path);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        context.putObject("authorizer").putObject("iam").put("accessKey", "ASIAXMPLEKEY").put("accountId",
                "111122223333").put("callerId", "AIDAXMPLECALLER").put("userArn", userArn).put("userId",
                        "AIDAXMPLECALLER")
                .putNull("cognitoIdentity").putNull("principalOrgId");
        if (body == null) {
            event.remove("body");
            ((ObjectNode) event.get("headers")).remove("content-type");
        } else {
            event.put("body", body);
        }
        return event.toString();
    }

    JsonNode lambda(String event) throws Exception {
        return Fixtures.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + RestAssured.port + "/_lambda_")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString())
                .body());
    }
}
