package dev.characterremix.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.testing.EmfDocuments;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.LambdaRuntimeStandIn.Outcome;
import dev.characterremix.testing.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The events zip as the S3 function ({@code QUARKUS_LAMBDA_HANDLER=s3}), run as AWS runs it: an S3 notification
 * sent directly, and S3 notifications through SQS, including a job that outlives its invocation and a process killed
 * right after its submit.
 */
class S3FunctionZipIT {

    static final String BUCKET = "zip-test-uploads";
    static final byte[] GENERATED = "generated".getBytes(StandardCharsets.UTF_8);
    static LambdaRuntimeStandIn runtime;
    static FalStandIn fal;
    static S3StandIn s3;
    static PackagedFunction function;

    @BeforeAll
    static void start() throws Exception {
        fal = new FalStandIn(FalStandIn.start());
        s3 = S3StandIn.start();
        s3.client().createBucket(b -> b.bucket(BUCKET));
        s3.client().putObject(b -> b.bucket(BUCKET).key("references/hero.png"),
                RequestBody.fromBytes(new byte[] { 1 }));
        startFunction();
    }

    /** A fresh function process with its own Runtime API, as a new Lambda environment. */
    static void startFunction() throws Exception {
        runtime = new LambdaRuntimeStandIn();
        Map<String, String> env = s3.functionEnvironment(BUCKET, fal.baseUrl(), FalStandIn.KEY, "The hero on a beach");
        env.put("REMIX_JOB_POLL_INITIAL_INTERVAL", "PT0.01S");
        env.put("REMIX_JOB_LAMBDA_SAFETY_MARGIN", "PT0.5S");
        function = PackagedFunction.start(Path.of("target", "function.zip"), Path.of("target", "lambda-runtime"),
                runtime, env, List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    }

    static void stopFunction() {
        if (function != null) {
            function.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @AfterAll
    static void stop() {
        stopFunction();
        s3.close();
        fal.server().stop();
    }

    @BeforeEach
    void falServesItsMedia() {
        fal.server().stubFor(get(urlPathEqualTo("/files/out-1.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(GENERATED)));
    }

    @AfterEach
    void resetFal() {
        fal.reset();
    }

    @Test
    void remixesAnUploadedImageIntoTheResultsPrefix() throws Exception {
        falCompletes();
        String event = upload("inputs/zip hero.png");

        Outcome outcome = function.await(runtime.invoke(event), Duration.ofSeconds(90));

        assertThat(outcome.failed()).as(outcome.body() + "\n" + function.output()).isFalse();
        assertThat(Fixtures.MAPPER.readTree(outcome.body()).get("done").asInt()).isEqualTo(1);
        assertThat(bytes("results/inputs/zip hero.png/1.png")).isEqualTo(GENERATED);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
        // Its metrics name the upload, and measure latency from S3's eventTime, not from the invocation. (Every job
        // here has the stand-in's one fal request id, so the environment counts only the first end it sees.)
        long sinceUpload = java.time.Duration.between(java.time.Instant.parse(
                Fixtures.MAPPER.readTree(event).at("/Records/0/eventTime").asText()), java.time.Instant.now())
                .toMillis();
        List<JsonNode> lines = function.logLines();
        assertThat(lines).as("its log lines name the trigger, the upload and the fal job").anySatisfy(line -> {
            assertThat(line.at("/mdc/trigger").asText()).isEqualTo("s3");
            assertThat(line.at("/mdc/s3Key").asText()).isEqualTo("s3://zip-test-uploads/inputs/zip hero.png");
            assertThat(line.at("/mdc/falRequestId").asText()).isEqualTo(FalStandIn.REQUEST_ID);
            assertThat(line.at("/mdc/AWSRequestId").asText()).isEqualTo(outcome.requestId());
        });
        EmfDocuments docs = function.metrics();
        assertThat(docs.with(JobMetrics.JOBS_SUBMITTED)).as(function.output()).anySatisfy(doc -> {
            assertThat(doc.path("Trigger").asText()).isEqualTo("s3");
            assertThat(doc.path("s3Key").asText()).isEqualTo("s3://zip-test-uploads/inputs/zip hero.png");
        });
        assertThat(docs.one(JobMetrics.JOBS_COMPLETED).path(JobMetrics.LATENCY).asLong())
                .isBetween(sinceUpload - 120_000, sinceUpload);
    }

    @Test
    void anSqsJobThatOutlivesItsInvocationComesBackAndResumesTheSameFalJob() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json");
        S3Events.Message message = new S3Events.Message(UUID.randomUUID().toString(), 1, upload("inputs/long.png"));
        runtime.deadline(2_500);

        JsonNode first = answer(function.await(runtime.invoke(S3Events.sqs(message)), Duration.ofSeconds(90)));

        assertThat(first.at("/batchItemFailures/0/itemIdentifier").asText()).isEqualTo(message.id());
        fal.server().verify(0, putRequestedFor(urlPathMatching(".*/cancel")));
        falCompletes();
        JsonNode second = answer(function.await(runtime.invoke(S3Events.sqs(new S3Events.Message(message.id(), 2,
                message.body()))), Duration.ofSeconds(90)));

        assertThat(second.get("batchItemFailures")).isEmpty();
        assertThat(bytes("results/inputs/long.png/1.png")).isEqualTo(GENERATED);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
    }

    @Test
    void aProcessKilledAfterItsSubmitIsResumedByTheRedelivery() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-queue.json");
        S3Events.Message message = new S3Events.Message(UUID.randomUUID().toString(), 1, upload("inputs/killed.png"));
        runtime.deadline(300_000);
        runtime.invoke(S3Events.sqs(message));
        awaitSubmitted("inputs/killed.png");

        // A crash (or Lambda's hard timeout) right after the submit: nothing of this attempt runs again.
        function.kill();
        stopFunction();
        startFunction();
        falCompletes();
        // SQS hands the unanswered message out again once its visibility timeout passes.
        JsonNode answer = answer(function.await(runtime.invoke(S3Events.sqs(new S3Events.Message(message.id(), 2,
                message.body()))), Duration.ofSeconds(90)));

        assertThat(answer.get("batchItemFailures")).isEmpty();
        assertThat(bytes("results/inputs/killed.png/1.png")).isEqualTo(GENERATED);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
    }

    private void awaitSubmitted(String key) throws Exception {
        String etag = s3.client().headObject(b -> b.bucket(BUCKET).key(key)).eTag().replace("\"", "");
        String claimKey = "claims/" + key + "@" + etag + ".json";
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                JsonNode claim = Fixtures.MAPPER.readTree(bytes(claimKey));
                if ("SUBMITTED".equals(claim.path("state").asText())) {
                    return;
                }
            } catch (NoSuchKeyException e) {
                // not claimed yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the upload was never submitted; the function's output:\n" + function.output());
    }

    private void falCompletes() {
        fal.acceptsSubmit().statusSequence("fal/status-completed.json");
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"images\": [{\"url\": \"" + fal.baseUrl()
                        + "/files/out-1.png\"}], \"seed\": 7}")));
    }

    /** Uploads a plain image and returns S3's notification of it. */
    private String upload(String key) {
        byte[] image = { 2, 3 };
        var put = s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(image));
        return S3Events.notification(BUCKET, key, image.length, put.eTag());
    }

    private JsonNode answer(Outcome outcome) throws Exception {
        assertThat(outcome.failed()).as(outcome.body() + "\n" + function.output()).isFalse();
        return Fixtures.MAPPER.readTree(outcome.body());
    }

    private byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }
}
