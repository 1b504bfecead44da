package dev.characterremix.s3;

import static dev.characterremix.s3.S3StandInResource.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.lambda.webhook.FalWebhookLambda;
import dev.characterremix.lambda.webhook.HttpApiAnswer;
import dev.characterremix.lambda.webhook.HttpApiEvent;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.FalWebhookSender;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import dev.characterremix.webhook.WebhookTargets;
import dev.characterremix.webhook.WebhookTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * fal's webhooks close the submit window: a job fal took whose answer never reached the submitter (its environment
 * died) still has its images kept and recorded, beside the upload's own result, while the redelivery's job is the
 * upload's result; deliveries fal did not sign, signed long ago, or for a token that is not ours write nothing.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(S3StandInResource.class)
@QuarkusTestResource(value = WebhookRouteResource.class, restrictToAnnotatedClass = true)
@TestProfile(S3UploadLambdaTest.S3Handler.class)
class FalWebhookDeliveryTest {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4 };

    @InjectFalStandIn
    QueuedFal fal;

    /** fal's address for the application: WireMock, passing every request on to {@link #fal}. */
    @InjectFalStandIn
    FalStandIn front;

    S3StandIn s3;

    @Inject
    S3UploadLambda uploads;

    @Inject
    FalWebhookLambda webhook;

    @Inject
    WebhookTokens tokens;

    @Inject
    ObjectMapper mapper;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void routeDeliveriesToTheHandler() {
        WebhookRouteResource.handler = event -> webhook.handleRequest(event, new FixedDeadlineContext(10_000));
        fal.resetCounts().jobTime(Duration.ofMillis(300)).webhooksWithoutOutput(false);
        front.passesTo(fal);
        put("references/hero.png", PNG);
    }

    @AfterEach
    void reset() {
        WebhookRouteResource.handler = null;
        front.reset();
        breakers.resetAll();
    }

    @Test
    void aPaidJobWhoseSubmitAnswerWasLostHasItsImagesKeptBesideTheUploadsResult() throws Exception {
        fal.dropSubmitAnswers(1);
        String key = "inputs/lost-answer.png";
        String notification = upload(key);

        // fal takes the job but the answer never arrives: the delivery gives the upload back to its queue.
        JsonNode first = invoke(notification, 1);
        assertThat(first.get("batchItemFailures")).hasSize(1);
        // The redelivery submits again and writes the upload's result from its own job.
        JsonNode second = invoke(notification, 2);
        assertThat(second.get("batchItemFailures")).isEmpty();

        String own = json("results/" + key + "/result.json").get("fal_request_id").asText();
        JsonNode kept = json(awaitOne("results/" + key + "/unclaimed/", "/result.json"));
        assertThat(fal.submits.get()).isEqualTo(2);
        assertThat(kept.get("unclaimed").asBoolean()).isTrue();
        assertThat(kept.get("fal_request_id").asText()).isNotEqualTo(own);
        assertThat(kept.get("source").get("key").asText()).isEqualTo(key);
        String image = kept.get("images").get(0).get("key").asText();
        assertThat(image).startsWith("results/" + key + "/unclaimed/" + kept.get("fal_request_id").asText() + "/");
        assertThat(new String(bytes(image), StandardCharsets.UTF_8)).isEqualTo("queued fal image");
    }

    @Test
    void aLostJobWhoseDeliveryLeavesItsOutputAtFalHasItsImagesFetchedFromFalAndKept() throws Exception {
        fal.dropSubmitAnswers(1).webhooksWithoutOutput(true);
        String key = "inputs/output-at-fal.png";
        String notification = upload(key);

        assertThat(invoke(notification, 1).get("batchItemFailures")).hasSize(1);
        assertThat(invoke(notification, 2).get("batchItemFailures")).isEmpty();

        JsonNode kept = json(awaitOne("results/" + key + "/unclaimed/", "/result.json"));
        assertThat(fal.submits.get()).isEqualTo(2);
        assertThat(kept.get("fal_request_id").asText())
                .isNotEqualTo(json("results/" + key + "/result.json").get("fal_request_id").asText());
        assertThat(new String(bytes(kept.get("images").get(0).get("key").asText()), StandardCharsets.UTF_8))
                .isEqualTo("queued fal image");
    }

    @Test
    void deliveriesNotSignedByFalSignedLongAgoOrForAForeignTokenWriteNothing() throws Exception {
        String key = "inputs/forged.png";
        String notification = upload(key);
        S3Upload upload = uploadOf(key);
        String requestId = UUID.randomUUID().toString();
        byte[] body = FalWebhookSender.okBody(requestId,
                "{\"images\":[{\"url\":\"" + front.baseUrl() + "/files/x.png\"}],"
                        + "\"seed\":1}");
        String token = tokens.seal(UploadPurpose.of(upload, mapper));
        long now = System.currentTimeMillis() / 1000;

        assertThat(deliver(FalWebhookSender.signed(FalWebhookSender.generate(), requestId, body, now), body, token)
                .statusCode()).isEqualTo(401);
        assertThat(deliver(fal.webhooks.signed(requestId, body, now - 3_600), body, token).statusCode())
                .isEqualTo(401);
        assertThat(deliver(fal.webhooks.signed(requestId, body, now), body, "a" + token).statusCode())
                .isEqualTo(403);
        assertThat(deliver(fal.webhooks.signed(requestId, body, now), body, null).statusCode()).isEqualTo(403);
        byte[] other = FalWebhookSender.okBody(UUID.randomUUID().toString(), "{\"images\":[],\"seed\":1}");
        assertThat(deliver(fal.webhooks.signed(requestId, other, now), other, token).statusCode()).isEqualTo(400);

        assertThat(list("results/" + key + "/")).isEmpty();
        assertThat(notification).isNotEmpty();
    }

    @Test
    void aReplayedDeliveryOfAnUnclaimedJobKeepsItsImagesOnce() throws Exception {
        // An upload already done by another job: a delivery for this one is unclaimed.
        String key = "inputs/replayed.png";
        upload(key);
        assertThat(invoke(upload(key), 1).get("batchItemFailures")).isEmpty();
        S3Upload upload = uploadOf(key);
        String requestId = UUID.randomUUID().toString();
        byte[] body = FalWebhookSender.okBody(requestId, "{\"images\":[{\"url\":\"" + front.baseUrl() + "/files/"
                + requestId + ".png\",\"content_type\":\"image/png\"}],\"seed\":5}");
        Map<String, String> headers = fal.webhooks.signed(requestId, body, System.currentTimeMillis() / 1000);
        String token = tokens.seal(UploadPurpose.of(upload, mapper));

        assertThat(deliver(headers, body, token).statusCode()).isEqualTo(200);
        String keptAt = "results/" + key + "/unclaimed/" + requestId + "/result.json";
        var written = s3.client().headObject(b -> b.bucket(BUCKET).key(keptAt)).eTag();
        assertThat(deliver(headers, body, token).statusCode()).isEqualTo(200);

        assertThat(s3.client().headObject(b -> b.bucket(BUCKET).key(keptAt)).eTag()).isEqualTo(written);
        assertThat(list("results/" + key + "/unclaimed/")).hasSize(2);
    }

    private HttpApiAnswer deliver(Map<String, String> headers, byte[] body, String token) {
        Map<String, String> query = new HashMap<>();
        if (token != null) {
            query.put(WebhookTargets.TOKEN, token);
        }
        return webhook.handleRequest(new HttpApiEvent(headers, query, Base64.getEncoder().encodeToString(body), true),
                new FixedDeadlineContext(10_000));
    }

    private JsonNode invoke(String notification, int receiveCount) throws Exception {
        String sqs = S3Events.sqs(new S3Events.Message("message-" + notification.hashCode(), receiveCount,
                notification));
        return mapper.valueToTree(uploads.handleRequest(mapper.readValue(sqs, UploadEvent.class),
                new FixedDeadlineContext(5_000)));
    }

    private String upload(String key) {
        PutObjectResponse object = put(key, PNG);
        return S3Events.notification(BUCKET, key, PNG.length, object.eTag());
    }

    private S3Upload uploadOf(String key) {
        var object = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
        return new S3Upload(BUCKET, key, object.versionId(), object.eTag().replace("\"", ""), PNG.length);
    }

    private PutObjectResponse put(String key, byte[] bytes) {
        return s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private List<String> list(String prefix) {
        return s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .toList();
    }

    /** The one key under {@code prefix} ending in {@code suffix}, once the webhook has written it (up to 10 s). */
    private String awaitOne(String prefix, String suffix) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<String> found = list(prefix).stream().filter(k -> k.endsWith(suffix)).toList();
            if (!found.isEmpty()) {
                assertThat(found).hasSize(1);
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing under " + prefix + " after 10 s; webhook answers: " + fal.webhooks.answers);
    }

    private byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private JsonNode json(String key) throws Exception {
        return Fixtures.MAPPER.readTree(bytes(key));
    }
}
