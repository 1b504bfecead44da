package dev.characterremix.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.s3.S3StandInResource.BUCKET;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3 uploads end to end: S3 event fixtures (AWS's documented shape) through the Lambda mock event server, the real AWS
 * SDK v2 client against an S3-compatible server, and the fal stand-in.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(S3StandInResource.class)
@TestProfile(S3UploadLambdaTest.S3Handler.class)
class S3UploadLambdaTest {

    public static class S3Handler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "s3",
                    // The S3 stand-in speaks plain http, so its presigned URLs do too.
                    "remix.input.allow-http", "true",
                    "remix.s3.prompt", "The hero relaxing on a beach",
                    "remix.s3.reference-image", "s3://" + BUCKET + "/references/hero.png",
                    // Tests that give the handler a Lambda context of a few seconds keep almost all of it.
                    "remix.job.lambda-safety-margin", "PT0.1S");
        }
    }

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4 };
    static final byte[] GENERATED = "generated image bytes".getBytes(StandardCharsets.UTF_8);

    @InjectFalStandIn
    FalStandIn fal;

    S3StandIn s3;

    @Inject
    S3Remix remix;

    @Inject
    ClaimStore claims;

    @Inject
    FalImageCopier copier;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void falServesItsMedia() {
        fal.server().stubFor(get(urlPathEqualTo("/files/out-1.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(GENERATED)));
        fal.server().stubFor(get(urlPathEqualTo("/files/out-2.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(GENERATED)));
        put("references/hero.png", PNG, Map.of());
    }

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void remixesAJobFileAndStoresTheResultsBesideIt() throws Exception {
        falCompletesWith(1);
        put("references/beach.png", PNG, Map.of());
        PutObjectResponse job = put("jobs/hero-beach.json", ("{\"prompt\": \"The hero on a beach\", "
                + "\"image_url\": \"s3://" + BUCKET + "/references/beach.png\", "
                + "\"reference_image_urls\": [\"s3://" + BUCKET + "/references/hero.png\"], \"num_images\": 1}")
                .getBytes());

        deliver("jobs/hero-beach.json", job).statusCode(200);

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.image_url", matching("http://127\\.0\\.0\\.1:\\d+/" + BUCKET
                        + "/references/beach\\.png\\?.*X-Amz-Signature=.*")))
                .withRequestBody(matchingJsonPath("$.reference_image_urls[0]",
                        matching(".*/references/hero\\.png\\?.*X-Amz-Expires=1800.*"))));
        assertThat(bytes("results/jobs/hero-beach.json/1.png")).isEqualTo(GENERATED);
        JsonNode result = json("results/jobs/hero-beach.json/result.json");
        assertThat(result.get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(result.get("seed").asLong()).isEqualTo(123456L);
        assertThat(result.at("/source/key").asText()).isEqualTo("jobs/hero-beach.json");
        assertThat(result.at("/request/image_url").asText()).isEqualTo("s3://" + BUCKET + "/references/beach.png");
        assertThat(result.at("/images/0/key").asText()).isEqualTo("results/jobs/hero-beach.json/1.png");
        assertThat(result.at("/images/0/fal_url").asText()).isEqualTo(fal.baseUrl() + "/files/out-1.png");
        assertThat(result.toString()).doesNotContain("X-Amz-Signature").doesNotContain(FalStandIn.KEY);
    }

    @Test
    void remixesAPlainImageWithThePromptFromItsMetadata() throws Exception {
        falCompletesWith(2);
        PutObjectResponse image = put("inputs/team/hero.png", PNG,
                Map.of("prompt", "The hero skiing", "num-images", "2"));

        deliver("inputs/team/hero.png", image).statusCode(200);

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.prompt", matching("The hero skiing")))
                .withRequestBody(matchingJsonPath("$.num_images", matching("2")))
                .withRequestBody(matchingJsonPath("$.image_url", matching(".*/inputs/team/hero\\.png\\?.*")))
                .withRequestBody(
                        matchingJsonPath("$.reference_image_urls[0]", matching(".*/references/hero\\.png\\?.*"))));
        assertThat(bytes("results/inputs/team/hero.png/1.png")).isEqualTo(GENERATED);
        assertThat(bytes("results/inputs/team/hero.png/2.png")).isEqualTo(GENERATED);
        assertThat(json("results/inputs/team/hero.png/result.json").at("/request/prompt").asText())
                .isEqualTo("The hero skiing");
    }

    @Test
    void handlesKeysWithSpacesAndUnicode() throws Exception {
        falCompletesWith(1);
        PutObjectResponse image = put("inputs/my hero ü.png", PNG, Map.of());

        deliver("inputs/my hero ü.png", image).statusCode(200);

        assertThat(bytes("results/inputs/my hero ü.png/1.png")).isEqualTo(GENERATED);
        assertThat(json("results/inputs/my hero ü.png/result.json").at("/source/key").asText())
                .isEqualTo("inputs/my hero ü.png");
    }

    @Test
    void remixesEachVersionOfAKeyInAVersionedBucketOnce() throws Exception {
        falCompletesWith(1);
        String bucket = "remix-versioned";
        s3.client().createBucket(b -> b.bucket(bucket));
        s3.client().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(PNG));
        Map<String, String> character = Map.of("reference-image", "s3://" + bucket + "/references/hero.png");
        PutObjectResponse first = s3.client().putObject(b -> b.bucket(bucket).key("inputs/v.png").metadata(character),
                RequestBody.fromBytes(PNG));
        PutObjectResponse second = s3.client().putObject(b -> b.bucket(bucket).key("inputs/v.png").metadata(character),
                RequestBody.fromBytes(new byte[] { 9, 9, 9 }));
        assertThat(first.versionId()).isNotBlank().isNotEqualTo(second.versionId());

        deliverVersioned(bucket, "inputs/v.png", first).statusCode(200).body("done", org.hamcrest.Matchers.equalTo(1));
        deliverVersioned(bucket, "inputs/v.png", first).statusCode(200).body("skipped",
                org.hamcrest.Matchers.equalTo(1));
        deliverVersioned(bucket, "inputs/v.png", second).statusCode(200).body("done", org.hamcrest.Matchers.equalTo(1));

        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.image_url", matching(".*versionId=" + first.versionId() + ".*"))));
    }

    @Test
    void aDuplicateDeliveryRunsNoSecondJob() throws Exception {
        falCompletesWith(1);
        PutObjectResponse image = put("inputs/twice.png", PNG, Map.of());

        deliver("inputs/twice.png", image).statusCode(200).body("done", org.hamcrest.Matchers.equalTo(1));
        deliver("inputs/twice.png", image).statusCode(200).body("skipped", org.hamcrest.Matchers.equalTo(1));

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void twoConcurrentDeliveriesOfOneUploadRunOneJob() throws Exception {
        falCompletesWith(1);
        PutObjectResponse image = put("inputs/race.png", PNG, Map.of());
        S3Upload upload = new S3Upload(BUCKET, "inputs/race.png", null, image.eTag(), PNG.length);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<S3Remix.Outcome.Kind> first = () -> remix.process(upload,
                    Delivery.sqsMessage("first", 0, Duration.ofMinutes(6)), Duration.ofSeconds(20)).kind();
            Callable<S3Remix.Outcome.Kind> second = () -> remix.process(upload,
                    Delivery.sqsMessage("second", 0, Duration.ofMinutes(6)), Duration.ofSeconds(20)).kind();
            List<Future<S3Remix.Outcome.Kind>> outcomes = pool.invokeAll(List.of(first, second));

            // The loser is told to come back (it is retried and then finds the upload done), or, if it came late
            // enough, finds it done already.
            assertThat(List.of(outcomes.get(0).get(), outcomes.get(1).get()))
                    .containsOnlyOnce(S3Remix.Outcome.Kind.DONE)
                    .containsAnyOf(S3Remix.Outcome.Kind.RETRY, S3Remix.Outcome.Kind.SKIPPED);
        } finally {
            pool.shutdownNow();
        }
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertThat(bytes("results/inputs/race.png/1.png")).isEqualTo(GENERATED);
    }

    @Test
    void aCrashedAttemptsClaimIsTakenOverAndItsFalJobResumed() throws Exception {
        falCompletesWith(1);
        PutObjectResponse image = put("inputs/crashed.png", PNG, Map.of());
        S3Upload upload = new S3Upload(BUCKET, "inputs/crashed.png", null, image.eTag(), PNG.length);
        Claim stale = new Claim(Claim.State.SUBMITTED, REQUEST_ID, 1, Instant.now().minus(Duration.ofHours(1)),
                BUCKET, upload.key(), upload.revision(), "lambda:crashed-request", "crashed-attempt",
                Instant.now().minus(Duration.ofMinutes(50)), 0);
        put(claims.claimKey(upload), mapper.writeValueAsBytes(stale), Map.of());

        deliver("inputs/crashed.png", image).statusCode(200).body("done", org.hamcrest.Matchers.equalTo(1));

        fal.server().verify(0, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        fal.server().verify(1, getRequestedFor(urlPathEqualTo(FalStandIn.RESULT_PATH)));
        assertThat(json("results/inputs/crashed.png/result.json").get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
    }

    @Test
    void aFalFailureWritesErrorJsonAndFailsTheInvocation() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");
        PutObjectResponse image = put("inputs/doomed.png", PNG, Map.of());

        deliver("inputs/doomed.png", image).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("dev.characterremix.error.UpstreamError"));

        JsonNode error = json("results/inputs/doomed.png/error.json");
        assertThat(error.at("/error/type").asText()).isEqualTo("UpstreamError");
        assertThat(error.at("/error/message").asText()).startsWith("fal job failed: Request timed out");
        assertThat(error.get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(error.at("/source/key").asText()).isEqualTo("inputs/doomed.png");
    }

    @Test
    void aDeliveryThatFindsTheUploadHeldFailsSoLambdaRetriesIt() throws Exception {
        PutObjectResponse image = put("inputs/held.png", PNG, Map.of());
        S3Upload upload = new S3Upload(BUCKET, "inputs/held.png", null, image.eTag(), PNG.length);
        Claim live = new Claim(Claim.State.SUBMITTED, REQUEST_ID, 1, Instant.now(), BUCKET, upload.key(),
                upload.revision(), "lambda:another-request", "another-attempt",
                Instant.now().plus(Duration.ofMinutes(5)), 0);
        put(claims.claimKey(upload), mapper.writeValueAsBytes(live), Map.of());

        // Not "skipped, success": that would end Lambda's retries while the holder may have crashed.
        deliver("inputs/held.png", image).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("dev.characterremix.error.TimeoutError"))
                .body("errorMessage", org.hamcrest.Matchers.containsString("held by lambda:another-request"));

        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anInvalidJobFileWritesEveryViolationAndCallsNoFal() throws Exception {
        PutObjectResponse job = put("jobs/bad.json", "{\"prompt\": \"\", \"image_url\": \"s3://other-bucket/x.png\"}"
                .getBytes());

        deliver("jobs/bad.json", job).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("dev.characterremix.error.ValidationError"));

        JsonNode error = json("results/jobs/bad.json/error.json");
        assertThat(error.at("/error/type").asText()).isEqualTo("ValidationError");
        assertThat(error.at("/error/violations/0/message").asText())
                .isEqualTo("may only name objects in bucket remix-uploads (got \"s3://other-bucket/x.png\")");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aJobFileReplacedAfterItsNotificationIsNotReadInItsPlace() throws Exception {
        String valid = "{\"prompt\": \"The hero on a beach\", \"image_url\": \"s3://" + BUCKET
                + "/references/hero.png\", \"reference_image_urls\": [\"s3://" + BUCKET + "/references/hero.png\"]}";
        PutObjectResponse notified = put("jobs/swapped.json", valid.getBytes());
        long size = s3.client().headObject(b -> b.bucket(BUCKET).key("jobs/swapped.json")).contentLength();
        put("jobs/swapped.json", valid.replace("beach", "mountain").getBytes());

        given().contentType("application/json").body(S3Events.notification(BUCKET, "jobs/swapped.json", size,
                notified.eTag())).when().post().then().statusCode(500);

        assertThat(json("results/jobs/swapped.json/error.json").at("/error/violations/0/message").asText())
                .startsWith("the object changed after its upload was notified");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aJobFileLargerThanItsNotificationSaidIsReadOnlyUpToTheLimit() throws Exception {
        byte[] large = new byte[1_048_576 + 4096];
        java.util.Arrays.fill(large, (byte) ' ');
        large[0] = '{';
        large[large.length - 1] = '}';
        PutObjectResponse job = put("jobs/large.json", large);

        given().contentType("application/json").body(S3Events.notification(BUCKET, "jobs/large.json", 100,
                job.eTag())).when().post().then().statusCode(500);

        assertThat(json("results/jobs/large.json/error.json").at("/error/violations/0/message").asText())
                .isEqualTo("the job file must be at most 1048576 bytes");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUploadOfTheWrongTypeWritesErrorJson() throws Exception {
        PutObjectResponse notes = put("inputs/notes.txt", "hello".getBytes(), Map.of());

        deliver("inputs/notes.txt", notes).statusCode(500);

        assertThat(json("results/inputs/notes.txt/error.json").at("/error/violations/0/message").asText())
                .isEqualTo("an upload under inputs/ must be a .png, .jpg, .jpeg or .webp image (got inputs/notes.txt)");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void triesEveryRecordOfAnEventAndFailsIfAnyFailed() throws Exception {
        falCompletesWith(1);
        PutObjectResponse good = put("inputs/good.png", PNG, Map.of());
        PutObjectResponse bad = put("inputs/bad.gif", PNG, Map.of());
        JsonNode goodEvent = Fixtures.MAPPER.readTree(event("inputs/good.png", good));
        JsonNode badEvent = Fixtures.MAPPER.readTree(event("inputs/bad.gif", bad));
        ((com.fasterxml.jackson.databind.node.ArrayNode) badEvent.get("Records")).add(goodEvent.get("Records").get(0));

        given().contentType("application/json").body(badEvent.toString()).when().post().then().statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("dev.characterremix.error.ValidationError"));

        assertThat(bytes("results/inputs/good.png/1.png")).isEqualTo(GENERATED);
        assertThat(json("results/inputs/bad.gif/error.json").at("/error/type").asText()).isEqualTo("ValidationError");
    }

    @Test
    void fetchesResultsOnlyFromFalsMediaHostsOrTheFalBaseUrl() {
        assertThat(copier.allowed("https://v3.fal.media/files/zebra/a.png")).isTrue();
        assertThat(copier.allowed("https://fal.media/files/a.png")).isTrue();
        assertThat(copier.allowed(fal.baseUrl() + "/files/out-1.png")).isTrue();
        assertThat(copier.allowed("http://v3.fal.media/files/a.png")).isFalse();
        assertThat(copier.allowed("https://fal.media.evil.example/a.png")).isFalse();
        assertThat(copier.allowed("https://evil.example/v3.fal.media/a.png")).isFalse();
        assertThat(copier.allowed("https://user@v3.fal.media/a.png")).isFalse();
        assertThat(copier.allowed("http://169.254.169.254/latest/meta-data/")).isFalse();
        assertThat(copier.allowed("https://v3.fal.media:8443/files/a.png")).isFalse();
        assertThat(copier.allowed("https://v3.fal.media:443/files/a.png")).isTrue();
    }

    @Test
    void aResultThatIsNotAnImageIsNeverStored() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-completed.json");
        String html = java.util.Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes());
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"images\": [{\"url\": \"data:text/html;base64," + html + "\"}], \"seed\": 1}")));
        PutObjectResponse image = put("inputs/html.png", PNG, Map.of());

        deliver("inputs/html.png", image).statusCode(500);

        assertThat(json("results/inputs/html.png/error.json").at("/error/message").asText())
                .startsWith("fal returned a result that is not a PNG, JPEG or WebP image (content type text/html)");
        assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("results/inputs/html.png/1")).contents())
                .isEmpty();
    }

    @Test
    void aResultPointingElsewhereIsRefusedAndRecorded() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-completed.json");
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"images\": [{\"url\": \"http://169.254.169.254/latest/meta-data/\"}], \"seed\": 1}")));
        PutObjectResponse image = put("inputs/ssrf.png", PNG, Map.of());

        deliver("inputs/ssrf.png", image).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("dev.characterremix.error.UpstreamError"));

        assertThat(json("results/inputs/ssrf.png/error.json").at("/error/message").asText())
                .startsWith("refusing to fetch a result from outside fal's media hosts: http://169.254.169.254/");
    }

    @Test
    void anUploadOutsideThePrefixesIsSkipped() throws Exception {
        PutObjectResponse other = put("elsewhere/photo.png", PNG, Map.of());

        deliver("elsewhere/photo.png", other).statusCode(200).body("skipped", org.hamcrest.Matchers.equalTo(1));

        fal.server().verify(0, anyRequestedFor(anyUrl()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bytes("results/elsewhere/photo.png/error.json"))
                .isInstanceOf(NoSuchKeyException.class);
    }

    private void falCompletesWith(int images) {
        StringBuilder body = new StringBuilder("{\"images\": [");
        for (int i = 1; i <= images; i++) {
            body.append(i > 1 ? "," : "").append("{\"url\": \"").append(fal.baseUrl()).append("/files/out-").append(i)
                    .append(".png\", \"content_type\": \"image/png\"}");
        }
        body.append("], \"seed\": 123456}");
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json", "fal/status-completed.json");
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    private PutObjectResponse put(String key, byte[] bytes, Map<String, String> metadata) {
        return s3.client().putObject(b -> b.bucket(BUCKET).key(key).metadata(metadata), RequestBody.fromBytes(bytes));
    }

    private ValidatableResponse deliver(String key, PutObjectResponse object) {
        return given().contentType("application/json").body(event(key, object)).when().post().then();
    }

    /** The S3 notification fixture for one uploaded object, its key URL-encoded as S3 does. */
    private String event(String key, PutObjectResponse object) {
        long size = s3.client().headObject(b -> b.bucket(BUCKET).key(key)).contentLength();
        return S3Events.notification(BUCKET, key, size, object.eTag());
    }

    private ValidatableResponse deliverVersioned(String bucket, String key, PutObjectResponse object) {
        String event = Fixtures.text("events/s3-put.json").replace("__BUCKET__", bucket).replace("__KEY__", key)
                .replace("__SIZE__", "3").replace("__ETAG__", object.eTag().replace("\"", ""))
                .replace("\"sequencer\"", "\"versionId\": \"" + object.versionId() + "\", \"sequencer\"");
        return given().contentType("application/json").body(event).when().post().then();
    }

    private byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private JsonNode json(String key) throws Exception {
        return Fixtures.MAPPER.readTree(bytes(key));
    }

    private PutObjectResponse put(String key, byte[] bytes) {
        return put(key, bytes, Map.of());
    }
}
