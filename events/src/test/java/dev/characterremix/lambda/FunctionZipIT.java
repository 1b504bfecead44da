package dev.characterremix.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.testing.DynamoDbStandIn;
import dev.characterremix.testing.EmfDocuments;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.LambdaRuntimeStandIn.Outcome;
import dev.characterremix.testing.PackagedFunction;

/**
 * Proves the zip, not just the classes: {@code target/function.zip} run under AWS's Runtime Interface Client against a
 * Lambda Runtime API stand-in and the fal stand-in.
 */
class FunctionZipIT {

    static LambdaRuntimeStandIn runtime;
    static FalStandIn fal;
    static DynamoDbStandIn dynamo;
    static PackagedFunction function;
    static int probesBeforeFirstPoll;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LambdaRuntimeStandIn();
        fal = new FalStandIn(FalStandIn.start());
        dynamo = new DynamoDbStandIn();
        // As Terraform deploys it: idempotency keys in the usage table.
        function = PackagedFunction.start(Path.of("target", "function.zip"), Path.of("target", "lambda-runtime"),
                runtime, Map.of("FAL_KEY", FalStandIn.KEY, "FAL_QUEUE_URL", fal.baseUrl(),
                        "QUARKUS_LAMBDA_HANDLER", "remix", "REMIX_JOB_POLL_INITIAL_INTERVAL", "PT0.01S",
                        "REMIX_IDEMPOTENCY_TABLE", DynamoDbStandIn.TABLE, "REMIX_LIMITS_USAGE_ENDPOINT", dynamo.url(),
                        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                        // As Terraform's logging_config sets it: the runtime client writes JSON lines too.
                        "AWS_LAMBDA_LOG_FORMAT", "JSON"),
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        function.await(runtime.firstPoll(), Duration.ofSeconds(60));
        probesBeforeFirstPoll = fal.server().findAll(getRequestedFor(urlPathEqualTo(FalStandIn.PROBE_PATH))
                .withHeader("Connection", equalTo("close"))
                .withHeader("Authorization", equalTo("Key " + FalStandIn.KEY)))
                .size();
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        fal.server().stop();
        dynamo.stop();
        runtime.close();
    }

    @Test
    void aRetriedInvocationWithTheSameIdempotencyKeyAnswersTheFirstJobFromTheUsageTable() throws Exception {
        fal.reset();
        fal.completesNormally();
        String event = Fixtures.text("events/direct-invoke.json").replaceFirst("\\{",
                "{\"idempotency_key\": \"zip-step-7\", ");

        for (int attempt = 0; attempt < 2; attempt++) {
            var outcome = function.await(runtime.invoke(event), Duration.ofSeconds(60));
            assertThat(outcome.failed()).as(outcome.body() + "\n" + function.output()).isFalse();
            assertThat(Fixtures.MAPPER.readTree(outcome.body()).get("request_id").asText())
                    .isEqualTo(FalStandIn.REQUEST_ID);
        }

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
        assertThat(dynamo.documentKeys()).singleElement().satisfies(key -> assertThat(dynamo.document(key)
                .at("/fal_request_id/S").asText()).isEqualTo(FalStandIn.REQUEST_ID));
    }

    @Test
    void primesTheFalClientDuringInitWithOneProbeThatQueuesNothing() {
        // Priming runs in a packaged JVM function (a native one has nothing to warm up).
        assertThat(probesBeforeFirstPoll).as(function.output()).isEqualTo(function.isNative() ? 0 : 1);
        fal.server().verify(0, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH))
                .withRequestBody(containing("priming")));
    }

    @Test
    void answersFalsRequiredOnlyExampleWithTheStandInsImagesAndSeed() throws Exception {
        fal.reset();
        fal.completesNormally();

        Outcome outcome = await(runtime.invoke(Fixtures.text("events/direct-invoke.json")));

        assertThat(outcome.failed()).as(function.output()).isFalse();
        JsonNode result = Fixtures.MAPPER.readTree(outcome.body());
        assertThat(result.at("/images/0/url").asText())
                .isEqualTo("https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png");
        assertThat(result.get("seed").asLong()).isEqualTo(123456L);
        assertThat(result.get("request_id").asText()).isEqualTo(FalStandIn.REQUEST_ID);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
    }

    @Test
    void reportsAnInvalidRequestAsAFunctionErrorOfTypeValidationError() throws Exception {
        Outcome outcome = await(runtime.invoke("{\"prompt\": \"a mascot\"}"));

        assertThat(outcome.failed()).as(function.output()).isTrue();
        JsonNode error = Fixtures.MAPPER.readTree(outcome.body());
        assertThat(error.get("errorType").asText()).isEqualTo("dev.characterremix.error.ValidationError");
        assertThat(error.get("errorMessage").asText()).isEqualTo("Invalid remix request: image_url: is required; "
                + "reference_image_urls: is required");
        // An expected failure is one WARN line of ours, carrying its type as a field, and no ERROR line of ours.
        List<JsonNode> ours = function.logLines().stream().filter(line -> line.has("loggerName"))
                .filter(line -> line.at("/mdc/AWSRequestId").asText().equals(outcome.requestId())).toList();
        assertThat(ours).filteredOn(line -> line.at("/mdc/errorType").asText().equals("ValidationError"))
                .singleElement().satisfies(line -> assertThat(line.path("level").asText()).isEqualTo("WARN"));
        assertThat(ours).noneSatisfy(line -> assertThat(line.path("level").asText()).isEqualTo("ERROR"));
        // The runtime client's own ERROR line for the function error has no loggerName: the documented metric filter
        // for error lines leaves it out. The client writes it after it has reported the error, so it may come later.
        assertThat(runtimeClientLines()).anySatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("ERROR");
            assertThat(line.toString()).contains("dev.characterremix.error.ValidationError");
        });
    }

    @Test
    void logsOneJsonObjectALineNamingTheInvocationTheTriggerAndTheFalJobButNeverTheKey() throws Exception {
        fal.reset();
        fal.completesNormally();

        Outcome outcome = await(runtime.invoke(Fixtures.text("events/direct-invoke.json")));

        assertThat(outcome.failed()).as(function.output()).isFalse();
        List<JsonNode> lines = function.logLines();
        // Ours name their logger; the only others are the runtime client's ERROR lines for function errors.
        assertThat(lines).as(function.output()).isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("level") && line.has("timestamp") && line.has("message")
                        && (line.has("loggerName") || line.path("level").asText().equals("ERROR")))
                        .as(line.toString()).isTrue());
        assertThat(lines).as("the job's lines name the invocation, the trigger and the fal job")
                .anySatisfy(line -> {
                    assertThat(line.at("/mdc/AWSRequestId").asText()).isEqualTo(outcome.requestId());
                    assertThat(line.at("/mdc/trigger").asText()).isEqualTo("direct");
                    assertThat(line.at("/mdc/falRequestId").asText()).isEqualTo(FalStandIn.REQUEST_ID);
                });
        assertThat(function.output()).doesNotContain(FalStandIn.KEY)
                .doesNotContain(FalStandIn.KEY.substring(FalStandIn.KEY.indexOf(':') + 1));
    }

    @Test
    void writesEachJobsMetricsAsEmbeddedMetricFormatLinesOnStandardOutput() throws Exception {
        fal.reset();
        fal.completesNormally();

        Outcome outcome = await(runtime.invoke(Fixtures.text("events/direct-invoke.json")));

        assertThat(outcome.failed()).as(function.output()).isFalse();
        // Every EMF line is one JSON object that passes the specification's checks.
        EmfDocuments docs = function.metrics();
        List<JsonNode> submitted = docs.with(JobMetrics.JOBS_SUBMITTED).stream()
                .filter(doc -> doc.path("AWSRequestId").asText().equals(outcome.requestId())).toList();
        assertThat(submitted).as(function.output()).hasSize(1);
        JsonNode doc = submitted.get(0);
        assertThat(EmfDocuments.namespace(doc)).isEqualTo("CharacterRemix");
        assertThat(doc.path("Trigger").asText()).isEqualTo("direct");
        assertThat(doc.path("falRequestId").asText()).isEqualTo(FalStandIn.REQUEST_ID);
        assertThat(doc.path(JobMetrics.ESTIMATED_SPEND).asDouble()).isEqualTo(0.15);
        // The stand-in hands out one fal request id, so the environment counts its end once, whichever test was first.
        assertThat(docs.with(JobMetrics.JOBS_COMPLETED)).as(function.output()).hasSize(1);
        assertThat(function.output()).doesNotContain(FalStandIn.KEY);
    }

    /** The function's lines without a loggerName (the runtime client's), once there is one (up to 5 s). */
    private static List<JsonNode> runtimeClientLines() throws InterruptedException {
        List<JsonNode> lines = List.of();
        for (int i = 0; i < 50 && lines.isEmpty(); i++) {
            lines = function.logLines().stream().filter(line -> !line.has("loggerName")).toList();
            if (lines.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return lines;
    }

    private static Outcome await(java.util.concurrent.CompletableFuture<Outcome> outcome) throws Exception {
        return function.await(outcome, Duration.ofSeconds(60));
    }
}
