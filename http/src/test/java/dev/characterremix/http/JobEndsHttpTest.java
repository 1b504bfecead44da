package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.fal.FalImage;
import dev.characterremix.job.RemixResult;
import dev.characterremix.jobends.JobEnds;
import dev.characterremix.testing.DynamoDbStandIn;
import dev.characterremix.testing.DynamoDbStandInResource;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.webhook.WebhookTargets;
import dev.characterremix.webhook.WebhookTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * HTTP jobs' ends from fal's webhooks: each submit asks fal to post the job's end to the webhook route with a token
 * naming an HTTP job; once the webhook function has recorded the end, the owner's GET answers from it without a call
 * to fal, and anyone else's is 404 as before.
 */
@QuarkusTest
@TestProfile(JobEndsHttpTest.EndsRecorded.class)
@QuarkusTestResource(FalStandInResource.class)
class JobEndsHttpTest {

    static final String WEBHOOK_URL = "https://api.example/v1/fal/webhook";

    public static class EndsRecorded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.job-ends.table", DynamoDbStandIn.TABLE, "remix.webhook.url", WEBHOOK_URL);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DynamoDbStandInResource.class));
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    JobEnds ends;

    @Inject
    WebhookTokens tokens;

    @Inject
    CircuitBreakerMaintenance breakers;

    HttpApiStandIn api;

    @BeforeEach
    void start() throws Exception {
        api = HttpApiStandIn.inFrontOfTestApplication(RestAssured.port);
    }

    @AfterEach
    void reset() {
        api.close();
        fal.reset();
        DynamoDbStandInResource.standIn().reset();
        breakers.resetAll();
    }

    @Test
    void aSubmitAsksFalToPostTheJobsEndToTheWebhookRouteWithATokenNamingAnHttpJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");

        assertThat(call("POST", "/v1/remix/jobs", JobOwnershipTest.ALICE, RemixResource.EXAMPLE).statusCode())
                .isEqualTo(202);

        var submit = fal.server().findAll(postRequestedFor(urlPathEqualTo(SUBMIT_PATH))).get(0);
        String webhook = submit.queryParameter("fal_webhook").firstValue();
        assertThat(webhook).startsWith(WEBHOOK_URL + "?" + WebhookTargets.TOKEN + "=");
        String token = URLDecoder.decode(webhook.substring(webhook.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(tokens.open(token)).hasValue(JobEnds.PURPOSE);
    }

    @Test
    void theOwnersGetOfAJobWhoseEndWasRecordedAnswersWithoutAskingFalAndAStrangersIs404() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        HttpResponse<String> queued = call("POST", "/v1/remix/jobs", JobOwnershipTest.ALICE, RemixResource.EXAMPLE);
        String jobId = Fixtures.MAPPER.readTree(queued.body()).get("job_id").asText();
        // What the webhook function does with fal's delivery of the job's end.
        assertThat(ends.record(new RemixResult(List.of(new FalImage("https://v3.fal.media/files/out.png",
                "image/png", "out.png", 1234L)), 42L, REQUEST_ID))).isTrue();
        fal.reset();

        HttpResponse<String> read = call("GET", "/v1/remix/jobs/" + jobId, JobOwnershipTest.ALICE, null);
        HttpResponse<String> stranger = call("GET", "/v1/remix/jobs/" + jobId, JobOwnershipTest.BOB, null);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode job = Fixtures.MAPPER.readTree(read.body());
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.at("/result/images/0/url").asText()).isEqualTo("https://v3.fal.media/files/out.png");
        assertThat(job.at("/result/seed").asLong()).isEqualTo(42L);
        assertThat(stranger.statusCode()).isEqualTo(404);
        fal.server().verify(0, anyRequestedFor(urlPathMatching("/fal-ai/.*")));
    }

    @Test
    void aJobWhoseEndWasNotRecordedIsAskedOfFalAsBefore() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        HttpResponse<String> queued = call("POST", "/v1/remix/jobs", JobOwnershipTest.ALICE, RemixResource.EXAMPLE);
        String jobId = Fixtures.MAPPER.readTree(queued.body()).get("job_id").asText();

        HttpResponse<String> read = call("GET", "/v1/remix/jobs/" + jobId, JobOwnershipTest.ALICE, null);

        assertThat(Fixtures.MAPPER.readTree(read.body()).get("status").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void anEndIsRecordedOnceAndAResultTooLargeForAnItemIsLeftToFal() {
        RemixResult result = new RemixResult(List.of(new FalImage("https://v3.fal.media/files/a.png", "image/png",
                null, null)), 1L, "once-" + System.nanoTime());
        assertThat(ends.record(result)).isTrue();
        assertThat(ends.record(result)).as("a replayed delivery").isFalse();
        assertThat(ends.completed(result.requestId())).hasValue(result);

        String dataUri = "data:image/png;base64," + "A".repeat(400_000);
        RemixResult large = new RemixResult(List.of(new FalImage(dataUri, "image/png", null, null)), 1L,
                "large-" + System.nanoTime());
        assertThat(ends.record(large)).isFalse();
        assertThat(ends.completed(large.requestId())).isEmpty();
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body)
            throws Exception {
        return api.call(method, path, authorization, body, Map.of());
    }
}
