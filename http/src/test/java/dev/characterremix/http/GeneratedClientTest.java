package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.caller.Caller;
import dev.characterremix.http.caller.JobHandles;
import dev.characterremix.http.client.ApiClient;
import dev.characterremix.http.client.ApiException;
import dev.characterremix.http.client.ApiResponse;
import dev.characterremix.http.client.api.RemixApi;
import dev.characterremix.http.client.model.ImageSize;
import dev.characterremix.http.client.model.ImageSizeDimensions;
import dev.characterremix.http.client.model.ImageSizePreset;
import dev.characterremix.http.client.model.Job;
import dev.characterremix.http.client.model.JobState;
import dev.characterremix.http.client.model.Problem;
import dev.characterremix.http.client.model.RemixRequest;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The API driven by the Java client openapi-generator makes from the contract ({@code openapi.yaml}, the served
 * document): what a user who generates a client gets, against the running application and the fal stand-in.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class GeneratedClientTest {

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    JobHandles handles;

    RemixApi api;
    ApiClient client;

    @BeforeEach
    void client() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        api = new RemixApi(client);
    }

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    static RemixRequest request() {
        return new RemixRequest().prompt("The mascot surfing a huge wave at sunset")
                .imageUrl("https://v3.fal.media/files/panda/mcxydS-_4ZjfBWFtgoo2z_XHLsl7khq6dC6Qp3cIdJl08rG0I.avif")
                .referenceImageUrls(List.of("https://v3.fal.media/files/kangaroo/0rinwnj_Kn9Fsu2dK-aKm_image.png"));
    }

    @Test
    void aRemixThatFinishesInTimeAnswersTheCompletedJob() throws Exception {
        fal.completesNormally();

        Job job = api.remix(request(), null, null);

        assertThat(job.getStatus()).isEqualTo(JobState.COMPLETED);
        assertThat(job.getFalRequestId()).isEqualTo(REQUEST_ID);
        assertThat(job.getResult().getImages().get(0).getUrl()).startsWith("https://v3.fal.media/");
        assertThat(job.getResult().getSeed()).isEqualTo(123456L);
        // Only what the caller set reaches fal, though the generated model sends [] for every unset list.
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(equalToJson(RemixResource.EXAMPLE, false, false)));
    }

    @Test
    void aRemixThatOutlivesItsWaitIsFollowedByItsLocationToItsResult() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json", "fal/status-in-progress.json",
                "fal/status-completed.json").result(200, "fal/result-ok.json");

        ApiResponse<Job> accepted = api.remixWithHttpInfo(request(), null, "respond-async");

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        String location = accepted.getHeaders().get("location").get(0);
        assertThat(location).isEqualTo("/v1/remix/jobs/" + accepted.getData().getJobId());
        assertThat(accepted.getData().getStatus()).isEqualTo(JobState.IN_QUEUE);
        Job job = accepted.getData();
        for (int i = 0; i < 10 && job.getStatus() != JobState.COMPLETED; i++) {
            job = api.getJob(job.getJobId());
        }
        assertThat(job.getStatus()).isEqualTo(JobState.COMPLETED);
        assertThat(job.getResult().getImages()).isNotEmpty();
    }

    @Test
    void aQueuedJobCanBeCancelledAndEndsCancelled() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json").cancel(202, "fal/cancel-requested.json");

        Job queued = api.queueRemix(request(), null, null);
        Job cancelling = api.cancelJob(queued.getJobId());
        fal.statusSequence("fal/status-completed-cancelled.json");
        Job cancelled = api.getJob(queued.getJobId());

        assertThat(queued.getStatus()).isEqualTo(JobState.IN_QUEUE);
        assertThat(cancelling.getStatus()).isEqualTo(JobState.CANCELLATION_REQUESTED);
        assertThat(cancelled.getStatus()).isEqualTo(JobState.CANCELLED);
        // A cancel is an outcome someone asked for, not a failure: the document carries no error.
        assertThat(cancelled.getError()).isNull();
    }

    @Test
    void theGeneratedClientSendsAnIdempotencyKeyAndARetryGetsTheSameJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json");
        String key = java.util.UUID.randomUUID().toString();

        Job first = api.queueRemix(request(), key, null);
        ApiResponse<Job> retry = api.queueRemixWithHttpInfo(request(), key, null);

        assertThat(retry.getData().getJobId()).isEqualTo(first.getJobId());
        assertThat(retry.getHeaders().get("idempotent-replayed")).containsExactly("true");
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void cancellingACompletedJobIs409() {
        fal.acceptsSubmit().cancel(400, "fal/cancel-already-completed.json");
        String jobId = handles.issue(REQUEST_ID, Caller.ANONYMOUS);

        assertThatThrownBy(() -> api.cancelJob(jobId)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void anInvalidRequestIs422WithEveryViolationAsAProblem() throws Exception {
        RemixRequest invalid = request().numImages(9).imageUrl("ftp://example.com/a.png");

        ApiException error = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> api.remix(invalid, null, null));

        assertThat(error.getCode()).isEqualTo(422);
        Problem problem = client.getObjectMapper().readValue(error.getResponseBody(), Problem.class);
        assertThat(problem.getType()).isEqualTo("urn:character-remix:problem:ValidationError");
        assertThat(problem.getErrors()).extracting(e -> e.getField()).containsExactly("image_url", "num_images");
    }

    @Test
    void anUnknownJobIs404() {
        assertThatThrownBy(() -> api.getJob("not-a-job")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void imageSizeTravelsAsAPresetOrAsDimensions() throws Exception {
        fal.completesNormally();

        api.remix(request().imageSize(new ImageSize(ImageSizePreset.LANDSCAPE_16_9)), null, null);
        api.remix(request().imageSize(new ImageSize(new ImageSizeDimensions().width(768).height(512))), null,
                null);

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.image_size", equalTo("landscape_16_9"))));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.image_size.width", equalTo("768"))));
    }

}
