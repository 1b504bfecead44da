package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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
import dev.characterremix.testing.QueuedFal;
import dev.characterremix.testing.SecretsManagerStandIn;

/** The HTTP function's {@code target/function.zip}, run under AWS's runtime client, answers an HTTP API v2 event. */
class FunctionZipIT {

    static LambdaRuntimeStandIn runtime;
    static FalStandIn fal;
    static DynamoDbStandIn dynamo;
    static PackagedFunction function;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LambdaRuntimeStandIn();
        fal = new FalStandIn(FalStandIn.start());
        SecretsManagerStandIn.useTestCredentials();
        dynamo = new DynamoDbStandIn();
        // As Terraform deploys it: idempotency keys in the usage table.
        function = PackagedFunction.start(Path.of("target", "function.zip"), Path.of("target", "lambda-runtime"),
                runtime, Map.of("FAL_KEY", FalStandIn.KEY, "FAL_QUEUE_URL", fal.baseUrl(),
                        "REMIX_JOB_POLL_INITIAL_INTERVAL", "PT0.01S", "REMIX_IDEMPOTENCY_TABLE", DynamoDbStandIn.TABLE,
                        "REMIX_LIMITS_USAGE_ENDPOINT", dynamo.url(), "AWS_REGION", "us-east-1",
                        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
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
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameJobFromTheUsageTable() throws Exception {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        fal.server().resetRequests();
        com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures
                .json("events/apigw-http-v2-post-remix.json");
        event.put("rawPath", "/v1/remix/jobs").put("routeKey", "POST /v1/remix/jobs");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/requestContext/http")).put("path",
                "/v1/remix/jobs");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).put("idempotency-key", "zip-retry-1");

        List<JsonNode> answers = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            Outcome outcome = function.await(runtime.invoke(event.toString()), Duration.ofSeconds(60));
            assertThat(outcome.failed()).as(function.output()).isFalse();
            answers.add(Fixtures.MAPPER.readTree(outcome.body()));
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.get("statusCode").asInt()).as(answer.toString())
                .isEqualTo(202));
        assertThat(answers.get(1).at("/headers/Location").asText()).isEqualTo(answers.get(0).at("/headers/Location")
                .asText());
        assertThat(answers.get(1).at("/headers/Idempotent-Replayed").asText()).isEqualTo("true");
        fal.server().verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
        assertThat(dynamo.documentKeys()).singleElement().satisfies(key -> assertThat(dynamo.document(key)
                .at("/fal_request_id/S").asText()).isEqualTo(FalStandIn.REQUEST_ID));
    }

    @Test
    void answersPostRemixWithTheResultJson() throws Exception {
        fal.completesNormally();

        Outcome outcome = function.await(runtime.invoke(Fixtures.text("events/apigw-http-v2-post-remix.json")),
                Duration.ofSeconds(60));

        assertThat(outcome.failed()).as(function.output()).isFalse();
        JsonNode response = Fixtures.MAPPER.readTree(outcome.body());
        assertThat(response.get("statusCode").asInt()).as(outcome.body()).isEqualTo(200);
        JsonNode body = Fixtures.MAPPER.readTree(response.get("body").asText());
        assertThat(body.at("/result/images/0/url").asText())
                .isEqualTo("https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png");
        assertThat(body.at("/result/seed").asLong()).isEqualTo(123456L);
        // Its log lines: JSON objects naming the HTTP request, the trigger and the fal job.
        List<JsonNode> lines = function.logLines();
        assertThat(lines).as(function.output()).isNotEmpty().allSatisfy(line -> assertThat(line.has("level")
                && line.has("timestamp") && line.has("message")).as(line.toString()).isTrue());
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.at("/mdc/trigger").asText()).isEqualTo("http");
            assertThat(line.at("/mdc/requestId").asText()).isNotBlank();
            assertThat(line.at("/mdc/falRequestId").asText()).isEqualTo(FalStandIn.REQUEST_ID);
        });
        assertThat(function.output()).doesNotContain(FalStandIn.KEY);
        // Its metrics: EMF lines on standard output, by the http trigger, naming the HTTP request.
        EmfDocuments docs = function.metrics();
        assertThat(docs.with(JobMetrics.JOBS_SUBMITTED)).as(function.output()).anySatisfy(doc -> {
            assertThat(doc.path("Trigger").asText()).isEqualTo("http");
            assertThat(doc.path("requestId").asText()).isNotBlank();
            assertThat(doc.path(JobMetrics.ESTIMATED_SPEND).asDouble()).isEqualTo(0.15);
        });
        assertThat(docs.with(JobMetrics.JOBS_COMPLETED)).as(function.output()).anySatisfy(doc -> {
            assertThat(doc.path("Trigger").asText()).isEqualTo("http");
            assertThat(doc.path(JobMetrics.LATENCY).isNumber()).isTrue();
            assertThat(doc.path(JobMetrics.FAL_RUN_TIME).asDouble()).isEqualTo(1500);
        });
    }

    /**
     * fal's JavaScript client through the packaged function behind an API Gateway HTTP API stand-in with two signed-in
     * callers: one cannot reach the other's requests.
     */
    @Test
    void falsJavaScriptClientWorksThroughTheProxyOfThePackagedFunction() throws Exception {
        try (QueuedFal queued = new QueuedFal(1, Duration.ofMillis(150), FalStandIn.KEY);
                HttpApiStandIn api = new HttpApiStandIn(runtime, function)) {
            // The function's fal URL is the WireMock stand-in: it passes everything on to the queued fal.
            fal.passesTo(queued);
            FalJsClient.Run run = FalJsClient.against(api.url() + "/v1/fal/proxy",
                    HttpApiStandIn.jwt("https://issuer.example", "alice"),
                    HttpApiStandIn.jwt("https://issuer.example", "bob"));

            assertThat(run.exitCode()).as(run.output() + "\n" + function.output()).isZero();
            assertThat(run.output()).contains("pass 7").contains("fail 0").contains("skipped 0");
            fal.server().verify(0, anyRequestedFor(urlPathMatching("/fal-ai/flux.*")));
            assertThat(queued.submits.get()).isEqualTo(5);
        } finally {
            fal.reset();
        }
    }
}
