package dev.characterremix.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.characterremix.s3.S3StandInResource.BUCKET;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3 uploads through an SQS queue: SQS events in AWS's documented shape, through the Lambda mock event server (jobs
 * that finish within the invocation) and through the handler itself with a Lambda context of a few seconds (jobs
 * that outlive their invocation), against the S3-compatible server and the fal stand-ins.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(S3StandInResource.class)
@TestProfile(S3UploadLambdaTest.S3Handler.class)
class S3QueueLambdaTest {

    static final byte[] PNG = S3UploadLambdaTest.PNG;
    static final byte[] GENERATED = S3UploadLambdaTest.GENERATED;
    /** A Lambda context this long leaves a job 1.5 s (the test profile keeps back 0.1 s). */
    static final long SHORT_INVOCATION_MILLIS = 1_600;

    @InjectFalStandIn
    FalStandIn fal;

    S3StandIn s3;

    @Inject
    S3UploadLambda lambda;

    @Inject
    ClaimStore claims;

    @Inject
    ObjectMapper mapper;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void falServesItsMediaAndTheCharacterExists() {
        fal.server().stubFor(get(urlPathEqualTo("/files/out-1.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(GENERATED)));
        put("references/hero.png", PNG);
    }

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void anSqsMessageCarryingAnS3NotificationIsRemixedAndConsumed() throws Exception {
        falCompletes();
        String message = upload("inputs/queued.png");

        JsonNode answer = json(given().contentType("application/json").body(S3Events.sqs(message(message)))
                .when().post().then().statusCode(200).extract().asString());

        assertThat(answer.toString()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(bytes("results/inputs/queued.png/1.png")).isEqualTo(GENERATED);
        assertThat(json("results/inputs/queued.png/result.json").get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("X-Fal-Request-Timeout", equalTo("1500")));
    }

    @Test
    void aBatchOfMessagesIsHandledMessageByMessageAndFinishedOnesAreConsumed() throws Exception {
        falCompletes();
        String good = upload("inputs/batch-good.png");
        PutObjectResponse badJob = put("jobs/batch-bad.json", "{\"prompt\": 42}".getBytes(StandardCharsets.UTF_8));
        String bad = S3Events.notification(BUCKET, "jobs/batch-bad.json", 14, badJob.eTag());

        JsonNode answer = json(given().contentType("application/json")
                .body(S3Events.sqs(message(good), message(bad), message(S3Events.testEvent(BUCKET))))
                .when().post().then().statusCode(200).extract().asString());

        assertThat(answer.get("batchItemFailures")).isEmpty();
        assertThat(bytes("results/inputs/batch-good.png/1.png")).isEqualTo(GENERATED);
        JsonNode error = json("results/jobs/batch-bad.json/error.json");
        assertThat(error.at("/error/type").asText()).isEqualTo("ValidationError");
        assertThat(error.get("retrying").asBoolean()).isFalse();
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aMessageThatIsNotAnS3NotificationComesBackSoItEndsInTheDeadLetterQueue() throws Exception {
        S3Events.Message junk = new S3Events.Message(UUID.randomUUID().toString(), 1, "not json {");

        JsonNode answer = json(given().contentType("application/json").body(S3Events.sqs(junk)).when().post().then()
                .statusCode(200).extract().asString());

        assertThat(answer.at("/batchItemFailures/0/itemIdentifier").asText()).isEqualTo(junk.id());
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aJobStillRunningAtTheDeadlineComesBackAndItsRedeliveryResumesTheSameFalJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json");
        String notification = upload("inputs/slow.png");
        S3Events.Message first = message(notification);

        JsonNode answer = invokeShort(S3Events.sqs(first));

        assertThat(answer.at("/batchItemFailures/0/itemIdentifier").asText()).isEqualTo(first.id());
        JsonNode claim = json(claimKey("inputs/slow.png"));
        assertThat(claim.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(claim.get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
        assertThatThrownBy(() -> bytes("results/inputs/slow.png/error.json")).isInstanceOf(NoSuchKeyException.class);
        fal.server().verify(0, putRequestedFor(urlPathMatching(".*/cancel")));

        falCompletes();
        answer = invokeShort(S3Events.sqs(new S3Events.Message(first.id(), 2, first.body())));

        assertThat(answer.get("batchItemFailures")).isEmpty();
        assertThat(bytes("results/inputs/slow.png/1.png")).isEqualTo(GENERATED);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertThat(json(claimKey("inputs/slow.png")).get("state").asText()).isEqualTo("DONE");
    }

    @Test
    void aSecondNotificationOfTheSameUploadNeverSubmitsASecondJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json");
        String notification = upload("inputs/twice-notified.png");
        S3Events.Message first = message(notification);
        S3Events.Message duplicate = message(notification);

        assertThat(invokeShort(S3Events.sqs(first)).get("batchItemFailures")).hasSize(1);
        falCompletes();
        // S3 notified twice: the second message takes the released claim over and resumes the same fal job.
        assertThat(invokeShort(S3Events.sqs(duplicate)).get("batchItemFailures")).isEmpty();
        assertThat(invokeShort(S3Events.sqs(new S3Events.Message(first.id(), 2, first.body())))
                .get("batchItemFailures")).isEmpty();

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertThat(bytes("results/inputs/twice-notified.png/1.png")).isEqualTo(GENERATED);
    }

    @Test
    void aFailedFalJobIsConsumedWithErrorJson() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");
        String notification = upload("inputs/fal-failed.png");

        assertThat(invokeShort(S3Events.sqs(message(notification))).get("batchItemFailures")).isEmpty();

        JsonNode error = json("results/inputs/fal-failed.png/error.json");
        assertThat(error.at("/error/type").asText()).isEqualTo("UpstreamError");
        assertThat(error.get("retrying").asBoolean()).isFalse();
        assertThat(json(claimKey("inputs/fal-failed.png")).get("state").asText()).isEqualTo("FAILED");
    }

    @Test
    void aSuccessAfterAFailureThatPassedLeavesNoErrorJson() throws Exception {
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"overloaded\"}")));
        String notification = upload("inputs/flaky.png");
        S3Events.Message message = message(notification);

        assertThat(invokeShort(S3Events.sqs(message)).get("batchItemFailures")).hasSize(1);
        JsonNode error = json("results/inputs/flaky.png/error.json");
        assertThat(error.at("/error/type").asText()).isEqualTo("UpstreamUnavailableError");
        assertThat(error.get("retrying").asBoolean()).isTrue();

        fal.reset();
        breakers.resetAll();
        falServesItsMediaAndTheCharacterExists();
        falCompletes();
        assertThat(invokeShort(S3Events.sqs(new S3Events.Message(message.id(), 2, message.body())))
                .get("batchItemFailures")).isEmpty();

        assertThat(json("results/inputs/flaky.png/result.json").get("fal_request_id").asText()).isEqualTo(REQUEST_ID);
        assertThatThrownBy(() -> bytes("results/inputs/flaky.png/error.json")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aClaimWriteWhoseAnswerWasLostIsRecognisedAsOurOwn() throws Exception {
        falCompletes();
        String notification = upload("inputs/lost-answer.png");
        // The claim's creation and, separately, its SUBMITTED update are applied by S3 but their answers lost.
        s3.proxy().loseAnswerOfWrite("claims/inputs/lost-answer.png", 1);
        s3.proxy().loseAnswerOfWrite("claims/inputs/lost-answer.png", 3);

        assertThat(invokeShort(S3Events.sqs(message(notification))).get("batchItemFailures")).isEmpty();

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        // Create, its retry (412), SUBMITTED, its retry (412), DONE: both lost answers were played and retried.
        assertThat(s3.proxy().writesSeen.stream().filter(w -> w.contains("claims/inputs/lost-answer.png"))).hasSize(5);
        assertThat(bytes("results/inputs/lost-answer.png/1.png")).isEqualTo(GENERATED);
        assertThat(json(claimKey("inputs/lost-answer.png")).get("state").asText()).isEqualTo("DONE");
    }

    @Test
    void transientS3ErrorsOnTheResultCopyAreRetriedBySendingTheImageAgain() throws Exception {
        falCompletes();
        String notification = upload("inputs/copy-retried.png");
        s3.proxy().refuseWrites("results/inputs/copy-retried.png/1.png", 2);

        assertThat(invokeShort(S3Events.sqs(message(notification))).get("batchItemFailures")).isEmpty();

        assertThat(bytes("results/inputs/copy-retried.png/1.png")).isEqualTo(GENERATED);
        assertThat(s3.proxy().writesSeen.stream().filter(w -> w.endsWith("results/inputs/copy-retried.png/1.png")))
                .hasSize(3);
        assertThatThrownBy(() -> bytes("results/inputs/copy-retried.png/error.json"))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void referencesOutsideTheReferencesPrefixOrToMissingObjectsAreRefusedBeforeFal() throws Exception {
        put("private/payroll.png", PNG);
        put("results/someone-else/1.png", GENERATED);
        put("inputs/someone-elses.png", PNG);
        String outside = jobFile("jobs/outside.json", "s3://" + BUCKET + "/private/payroll.png");
        String result = jobFile("jobs/steal-result.json", "s3://" + BUCKET + "/results/someone-else/1.png");
        String upload = jobFile("jobs/steal-upload.json", "s3://" + BUCKET + "/inputs/someone-elses.png");
        String missing = jobFile("jobs/missing.json", "s3://" + BUCKET + "/references/nobody.png");

        assertThat(invokeShort(S3Events.sqs(message(outside), message(result), message(upload), message(missing)))
                .get("batchItemFailures")).isEmpty();

        for (String name : List.of("outside", "steal-result", "steal-upload")) {
            assertThat(json("results/jobs/" + name + ".json/error.json").at("/error/violations/0").toString())
                    .contains("\"field\":\"image_url\"").contains("may only name objects under references/");
        }
        assertThat(json("results/jobs/missing.json/error.json").at("/error/violations/0").toString())
                .contains("\"field\":\"image_url\"").contains("names an object that does not exist");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void uploadsWhoseNamesDifferOnlyInExtensionOrPrefixNeverShareAResultFolder() throws Exception {
        falCompletes();
        String png = upload("inputs/team/ski.png");
        String webp = upload("inputs/team/ski.webp");
        String job = jobFile("jobs/team/ski.json", "s3://" + BUCKET + "/references/hero.png");
        String upper = jobFile("jobs/team/ski.JSON", "s3://" + BUCKET + "/references/hero.png");

        // One upload per invocation, as the default batch size hands them out: four jobs in one short invocation
        // would turn a slow machine's late ones into retries, which is not what this test is about.
        for (String notification : List.of(png, webp, job, upper)) {
            assertThat(invokeShort(S3Events.sqs(message(notification))).get("batchItemFailures")).isEmpty();
        }

        List<String> sources = new ArrayList<>();
        for (String key : List.of("inputs/team/ski.png", "inputs/team/ski.webp", "jobs/team/ski.json",
                "jobs/team/ski.JSON")) {
            sources.add(json("results/" + key + "/result.json").at("/source/key").asText());
        }
        assertThat(sources).containsExactly("inputs/team/ski.png", "inputs/team/ski.webp", "jobs/team/ski.json",
                "jobs/team/ski.JSON");
        fal.server().verify(4, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void folderMarkersAndFilesThatAreNotJobFilesAreSkipped() throws Exception {
        PutObjectResponse marker = put("jobs/", new byte[0]);
        PutObjectResponse readme = put("jobs/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(invokeShort(S3Events.sqs(message(S3Events.notification(BUCKET, "jobs/", 0, marker.eTag())),
                message(S3Events.notification(BUCKET, "jobs/readme.txt", 5, readme.eTag()))))
                .get("batchItemFailures")).isEmpty();

        fal.server().verify(0, anyRequestedFor(anyUrl()));
        assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("claims/jobs/")).contents()).isEmpty();
        assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("results/jobs/readme")).contents()).isEmpty();
    }

    @Test
    void aKeyTooLongForItsClaimGetsAnErrorJsonAndNoJob() throws Exception {
        String key = "inputs/" + "k".repeat(990) + ".png";
        String notification = upload(key);

        assertThat(invokeShort(S3Events.sqs(message(notification))).get("batchItemFailures")).isEmpty();

        var folders = s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("results/too-long-keys/")).contents();
        assertThat(folders).singleElement().satisfies(object -> assertThat(object.key()).endsWith("/error.json"));
        JsonNode error = json(folders.get(0).key());
        assertThat(error.at("/source/key").asText()).isEqualTo(key);
        assertThat(error.at("/error/message").asText()).contains("the key is too long");
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aJobFalDroppedAtItsStartDeadlineIsSubmittedAgainOnTheNextDelivery() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-completed-error.json");
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(504)
                .withHeader("Content-Type", "application/json").withHeader("X-Fal-Request-Timeout-Type", "user")
                .withHeader("x-fal-request-id", REQUEST_ID)
                .withBody("{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}")));
        String notification = upload("inputs/start-late.png");
        S3Events.Message message = message(notification);

        assertThat(invokeShort(S3Events.sqs(message)).get("batchItemFailures")).hasSize(1);
        JsonNode claim = json(claimKey("inputs/start-late.png"));
        assertThat(claim.has("fal_request_id")).isFalse();
        assertThat(claim.get("start_timeouts").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> bytes("results/inputs/start-late.png/error.json"))
                .isInstanceOf(NoSuchKeyException.class);

        fal.reset();
        falServesItsMediaAndTheCharacterExists();
        falCompletes();
        assertThat(invokeShort(S3Events.sqs(new S3Events.Message(message.id(), 2, message.body())))
                .get("batchItemFailures")).isEmpty();

        assertThat(bytes("results/inputs/start-late.png/1.png")).isEqualTo(GENERATED);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withRequestBody(matchingJsonPath("$.image_url", matching(".*X-Amz-Signature=.*"))));
    }

    @Test
    void aBatchLargerThanFalsConcurrencyEndsWithEveryResultAndOneSubmitEach() throws Exception {
        int uploads = 12;
        int falConcurrency = 2;
        // Jobs of 1 s, invocations that can wait 1.5 s: a job queued behind two others outlives its invocation.
        try (QueuedFal queued = new QueuedFal(falConcurrency, Duration.ofSeconds(1), FalStandIn.KEY)) {
            // The function's fal URL is the WireMock stand-in: it passes everything on to the queued fal.
            fal.passesTo(queued);
            // More Lambda environments than fal runs jobs, short invocations, quick redelivery: the worst case.
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(this::invokeShortly, 4, Duration.ofMillis(200),
                    50);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                names.add("batch-" + i);
                mapping.send(upload("inputs/" + names.get(i) + ".png"));
            }

            assertThat(mapping.drain(Duration.ofSeconds(90))).as("the queue drained").isTrue();

            assertThat(mapping.deadLetters()).isEmpty();
            for (String name : names) {
                assertThat(json("results/inputs/" + name + ".png/result.json").get("fal_request_id").asText())
                        .isNotBlank();
                assertThatThrownBy(() -> bytes("results/inputs/" + name + ".png/error.json"))
                        .isInstanceOf(NoSuchKeyException.class);
            }
            assertThat(queued.submits.get()).as("fal submits").isEqualTo(uploads);
            assertThat(queued.cancels.get()).as("cancellations").isZero();
            assertThat(queued.maxRunning()).isLessThanOrEqualTo(falConcurrency);
            assertThat(mapping.redeliveries.get()).as("jobs outlived their invocation and were resumed").isPositive();
        }
    }

    private void falCompletes() {
        fal.completesWithOneImage();
    }

    /** Uploads a plain image and returns S3's notification of it. */
    private String upload(String key) {
        PutObjectResponse object = put(key, PNG);
        return S3Events.notification(BUCKET, key, PNG.length, object.eTag());
    }

    private String jobFile(String key, String imageUrl) {
        byte[] body = ("{\"prompt\": \"The hero\", \"image_url\": \"" + imageUrl + "\", \"reference_image_urls\": "
                + "[\"s3://" + BUCKET + "/references/hero.png\"]}").getBytes(StandardCharsets.UTF_8);
        PutObjectResponse object = put(key, body);
        return S3Events.notification(BUCKET, key, body.length, object.eTag());
    }

    private static S3Events.Message message(String body) {
        return new S3Events.Message(UUID.randomUUID().toString(), 1, body);
    }

    /** Invokes the handler as Lambda would, with {@link #SHORT_INVOCATION_MILLIS} to run. */
    private JsonNode invokeShort(String sqsEvent) throws Exception {
        return json(invokeShortly(sqsEvent));
    }

    private String invokeShortly(String sqsEvent) {
        try {
            UploadEvent event = mapper.readValue(sqsEvent, UploadEvent.class);
            return mapper.writeValueAsString(lambda.handleRequest(event,
                    new FixedDeadlineContext(SHORT_INVOCATION_MILLIS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String claimKey(String key) {
        var object = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
        return claims.claimKey(new S3Upload(BUCKET, key, null, object.eTag().replace("\"", ""), PNG.length));
    }

    private PutObjectResponse put(String key, byte[] bytes) {
        return s3.client().putObject(b -> b.bucket(BUCKET).key(key).metadata(Map.of()), RequestBody.fromBytes(bytes));
    }

    private byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private JsonNode json(String keyOrJson) throws Exception {
        return Fixtures.MAPPER.readTree(keyOrJson.startsWith("{")
                ? keyOrJson.getBytes(StandardCharsets.UTF_8)
                : bytes(keyOrJson));
    }
}
