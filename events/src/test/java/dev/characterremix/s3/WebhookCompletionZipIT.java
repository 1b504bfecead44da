package dev.characterremix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.FunctionPool;
import dev.characterremix.testing.QueuedFal;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every paid job lands, on the packaged events zip run as AWS runs it: the S3 function behind the queue's event source
 * mapping, the webhook function behind the HTTP API's {@code /v1/fal/webhook} route, and a fal that queues jobs, signs
 * its webhooks with a key pair of its own and publishes it as a JWKS.
 */
class WebhookCompletionZipIT {

    static final String BUCKET = "zip-webhook-uploads";
    static final List<String> JVM = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    static S3StandIn s3;
    static QueuedFal fal;
    static WebhookRoute route;
    static FunctionPool waiting;
    static FunctionPool submitting;
    static FunctionPool webhooks;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3StandIn.start();
        s3.client().createBucket(b -> b.bucket(BUCKET));
        s3.client().putObject(b -> b.bucket(BUCKET).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
        fal = new QueuedFal(4, Duration.ofMillis(600), FalStandIn.KEY);
        fal.webhooks.retries(10, Duration.ofMillis(200));
        route = new WebhookRoute(null);
        Path zip = Path.of("target", "function.zip");
        Path runtimeClient = Path.of("target", "lambda-runtime");
        webhooks = FunctionPool.start(1, zip, runtimeClient, env("webhook", "wait"), JVM, 30_000);
        route.handler(webhooks::answer);
        waiting = FunctionPool.start(1, zip, runtimeClient, env("s3", "wait"), JVM, 20_000);
        submitting = FunctionPool.start(1, zip, runtimeClient, env("s3", "webhook"), JVM, 20_000);
    }

    static Map<String, String> env(String handler, String completion) {
        Map<String, String> env = s3.functionEnvironment(BUCKET, fal.url(), FalStandIn.KEY, "The hero");
        env.put("QUARKUS_LAMBDA_HANDLER", handler);
        env.put("REMIX_JOB_LAMBDA_SAFETY_MARGIN", "PT0.5S");
        env.put("REMIX_S3_COMPLETION", completion);
        env.put("REMIX_WEBHOOK_URL", route.url());
        env.put("REMIX_WEBHOOK_JWKS_URL", fal.jwksUrl());
        env.put("REMIX_WEBHOOK_TOKEN_SECRET", "zip-test-webhook-secret");
        return env;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] { waiting, submitting, webhooks, route, fal, s3 }) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing the rest
            }
        }
    }

    @BeforeEach
    void freshCounts() {
        fal.resetCounts();
    }

    @AfterEach
    void routeReachesTheFunction() {
        route.handler(webhooks::answer);
    }

    @Test
    void aCrashInTheSubmitWindowLeavesEveryPaidJobsImagesStoredAndOneOutcomePerUpload() throws Exception {
        // fal takes the first upload's job, and the answer never reaches the function (its environment dies there).
        fal.dropSubmitAnswers(1);
        List<String> keys = uploads("window", 3);

        SqsEventSourceMapping queue = queue(waiting, Duration.ofMillis(500));
        keys.forEach(key -> queue.send(notification(key)));
        assertThat(queue.drain(Duration.ofSeconds(90))).as(waiting.output()).isTrue();

        int paid = fal.submits.get();
        assertThat(paid).isEqualTo(keys.size() + 1);
        List<String> kept = awaitKeys("results/inputs/window-", "/unclaimed/", 1);
        int stored = 0;
        for (String key : keys) {
            JsonNode result = json("results/" + key + "/result.json");
            assertThat(result.has("unclaimed")).isFalse();
            assertThat(claimOf(key).get("state").asText()).as("one outcome per upload").isEqualTo("DONE");
            assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("results/" + key + "/error.json"))
                    .contents()).as("no error beside the result").isEmpty();
            stored += stored(result);
        }
        JsonNode unclaimed = json(kept.get(0));
        assertThat(unclaimed.get("unclaimed").asBoolean()).isTrue();
        stored += stored(unclaimed);
        assertThat(stored).as("every paid job's image is in the bucket").isEqualTo(paid);
        assertThat(queue.deadLetters()).isEmpty();
        assertThat(fal.webhooks.answers).as("refused deliveries").doesNotContain(401, 403, 400, 500);
    }

    @Test
    void withWebhookCompletionAnInvocationSubmitsAndReturnsAndFalsWebhookWritesTheResult() throws Exception {
        List<String> keys = uploads("webhook", 3);

        // A visibility timeout well past the jobs: the redeliveries find the uploads done by fal's webhooks.
        SqsEventSourceMapping queue = queue(submitting, Duration.ofSeconds(8));
        keys.forEach(key -> queue.send(notification(key)));
        assertThat(queue.drain(Duration.ofSeconds(90))).as(submitting.output()).isTrue();

        for (String key : keys) {
            JsonNode result = json("results/" + key + "/result.json");
            assertThat(stored(result)).isEqualTo(1);
            JsonNode claim = claimOf(key);
            assertThat(claim.get("state").asText()).isEqualTo("DONE");
            assertThat(claim.get("delivery").asText()).isEqualTo("webhook:" + result.get("fal_request_id").asText());
        }
        assertThat(fal.submits.get()).isEqualTo(keys.size());
        assertThat(fal.statusChecks.get() + fal.results.get() + fal.streams.opened.get())
                .as("nobody asked fal how the jobs went").isZero();
        // Each message: the submit, then one redelivery that finds its upload done.
        assertThat(queue.invocations.get()).isEqualTo(2 * keys.size());
    }

    @Test
    void underWebhookCompletionAJobWhoseWebhookNeverArrivesIsWrittenByTheMessagesRedelivery() throws Exception {
        route.handler(null);
        List<String> keys = uploads("lost-webhook", 1);

        SqsEventSourceMapping queue = queue(submitting, Duration.ofSeconds(1));
        queue.send(notification(keys.get(0)));
        assertThat(queue.drain(Duration.ofSeconds(60))).as(submitting.output()).isTrue();

        JsonNode result = json("results/" + keys.get(0) + "/result.json");
        assertThat(stored(result)).isEqualTo(1);
        assertThat(claimOf(keys.get(0)).get("delivery").asText()).startsWith("sqs:");
        assertThat(fal.submits.get()).isEqualTo(1);
        assertThat(queue.redeliveries.get()).isPositive();
    }

    private SqsEventSourceMapping queue(FunctionPool pool, Duration visibility) {
        return new SqsEventSourceMapping(pool::answer, 1, visibility, 10);
    }

    private List<String> uploads(String name, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "inputs/" + name + "-" + i + ".png";
            s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(new byte[8]));
            keys.add(key);
        }
        return keys;
    }

    private String notification(String key) {
        String eTag = s3.client().headObject(b -> b.bucket(BUCKET).key(key)).eTag();
        return S3Events.notification(BUCKET, key, 8, eTag);
    }

    private JsonNode claimOf(String key) throws Exception {
        String eTag = s3.client().headObject(b -> b.bucket(BUCKET).key(key)).eTag().replace("\"", "");
        return json("claims/" + key + "@" + eTag + ".json");
    }

    /** How many of a result document's images are in the bucket. */
    private int stored(JsonNode result) {
        int stored = 0;
        for (JsonNode image : result.get("images")) {
            s3.client().headObject(b -> b.bucket(BUCKET).key(image.get("key").asText()));
            stored++;
        }
        return stored;
    }

    /** The {@code count} keys under {@code prefix} containing {@code part}, once they are there (up to 30 s). */
    private List<String> awaitKeys(String prefix, String part, int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < end) {
            found = s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).filter(k -> k.contains(part) && k.endsWith("result.json")).toList();
            if (found.size() >= count) {
                assertThat(found).hasSize(count);
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("under " + prefix + ": " + found + "; webhook answers " + fal.webhooks.answers
                + "\n" + webhooks.output() + submitting.output());
    }

    private JsonNode json(String key) throws Exception {
        return Fixtures.MAPPER.readTree(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key))
                .asByteArray());
    }
}
