package dev.characterremix.lambda.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.characterremix.jobends.JobEnds;
import dev.characterremix.s3.FixedDeadlineContext;
import dev.characterremix.s3.S3StandInResource;
import dev.characterremix.s3.WebhookRouteResource;
import dev.characterremix.testing.DynamoDbStandIn;
import dev.characterremix.testing.DynamoDbStandInResource;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.FalWebhookSender;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import dev.characterremix.webhook.WebhookTargets;
import dev.characterremix.webhook.WebhookTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * fal's webhook delivery of an HTTP job's end, through the webhook handler: recorded once in the usage table for the
 * HTTP function's GET; a delivery fal did not sign records nothing.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(S3StandInResource.class)
@QuarkusTestResource(value = WebhookRouteResource.class, restrictToAnnotatedClass = true)
@TestProfile(HttpJobDeliveriesTest.EndsRecorded.class)
class HttpJobDeliveriesTest {

    public static class EndsRecorded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "webhook", "remix.job-ends.table", DynamoDbStandIn.TABLE);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DynamoDbStandInResource.class));
        }
    }

    /** fal's key pair and JWKS (the application reads the JWKS from it). */
    @InjectFalStandIn
    QueuedFal fal;

    @Inject
    FalWebhookLambda webhook;

    @Inject
    WebhookTokens tokens;

    @Inject
    JobEnds ends;

    @Test
    void aSignedDeliveryOfACompletedHttpJobIsRecordedOnceForItsGet() {
        String requestId = UUID.randomUUID().toString();
        byte[] body = FalWebhookSender.okBody(requestId,
                "{\"images\":[{\"url\":\"https://v3.fal.media/files/out.png\",\"content_type\":\"image/png\"}],"
                        + "\"seed\":7}");
        String token = tokens.seal(JobEnds.PURPOSE);
        Map<String, String> headers = fal.webhooks.signed(requestId, body, System.currentTimeMillis() / 1000);

        HttpApiAnswer first = deliver(headers, body, token);
        HttpApiAnswer replay = deliver(headers, body, token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"recorded\"");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("already recorded");
        var recorded = ends.completed(requestId).orElseThrow();
        assertThat(recorded.seed()).isEqualTo(7L);
        assertThat(recorded.images().get(0).url()).isEqualTo("https://v3.fal.media/files/out.png");
    }

    @Test
    void aDeliveryNotSignedByFalOrAFailedJobRecordsNothing() {
        String requestId = UUID.randomUUID().toString();
        byte[] body = FalWebhookSender.okBody(requestId, "{\"images\":[{\"url\":\"https://v3.fal.media/x.png\"}]}");
        String token = tokens.seal(JobEnds.PURPOSE);
        long now = System.currentTimeMillis() / 1000;

        assertThat(deliver(FalWebhookSender.signed(FalWebhookSender.generate(), requestId, body, now), body, token)
                .statusCode()).isEqualTo(401);
        byte[] failed = ("{\"request_id\":\"" + requestId + "\",\"status\":\"ERROR\",\"error\":\"Internal error\","
                + "\"payload\":{\"detail\":\"boom\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(deliver(fal.webhooks.signed(requestId, failed, now), failed, token).statusCode()).isEqualTo(200);

        assertThat(ends.completed(requestId)).isEmpty();
    }

    private HttpApiAnswer deliver(Map<String, String> headers, byte[] body, String token) {
        return webhook.handleRequest(new HttpApiEvent(headers, Map.of(WebhookTargets.TOKEN, token),
                Base64.getEncoder().encodeToString(body), true), new FixedDeadlineContext(10_000));
    }
}
