package dev.characterremix.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.LambdaRuntimeStandIn.Outcome;
import dev.characterremix.testing.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;

/** The events zip as the S3 function ({@code QUARKUS_LAMBDA_HANDLER=s3}), run as AWS runs it, answers an S3 event. */
class S3FunctionZipIT {

    static final String BUCKET = "zip-test-uploads";
    static LambdaRuntimeStandIn runtime;
    static FalStandIn fal;
    static S3StandIn s3;
    static PackagedFunction function;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LambdaRuntimeStandIn();
        fal = new FalStandIn(FalStandIn.start());
        s3 = S3StandIn.start();
        s3.client().createBucket(b -> b.bucket(BUCKET));
        function = PackagedFunction.start(Path.of("target", "function.zip"), Path.of("target", "lambda-runtime"),
                runtime, Map.ofEntries(Map.entry("FAL_KEY", FalStandIn.KEY), Map.entry("FAL_QUEUE_URL", fal.baseUrl()),
                        Map.entry("QUARKUS_LAMBDA_HANDLER", "s3"),
                        Map.entry("REMIX_JOB_POLL_INITIAL_INTERVAL", "PT0.01S"),
                        Map.entry("REMIX_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString()),
                        Map.entry("REMIX_S3_PATH_STYLE", "true"), Map.entry("REMIX_INPUT_ALLOW_HTTP", "true"),
                        Map.entry("REMIX_S3_PROMPT", "The hero on a beach"),
                        Map.entry("REMIX_S3_REFERENCE_IMAGE", "s3://" + BUCKET + "/references/hero.png"),
                        Map.entry("AWS_ACCESS_KEY_ID", S3StandIn.ACCESS_KEY),
                        Map.entry("AWS_SECRET_ACCESS_KEY", S3StandIn.SECRET_KEY)),
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        s3.close();
        fal.server().stop();
        runtime.close();
    }

    @Test
    void remixesAnUploadedImageIntoTheResultsPrefix() throws Exception {
        byte[] generated = "generated".getBytes(StandardCharsets.UTF_8);
        fal.acceptsSubmit().statusSequence("fal/status-completed.json");
        fal.server().stubFor(get(urlPathEqualTo(FalStandIn.RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"images\": [{\"url\": \"" + fal.baseUrl()
                        + "/files/out-1.png\"}], \"seed\": 7}")));
        fal.server().stubFor(get(urlPathEqualTo("/files/out-1.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(generated)));
        s3.client().putObject(b -> b.bucket(BUCKET).key("references/hero.png"), RequestBody.fromBytes(new byte[] { 1 }));
        var put = s3.client().putObject(b -> b.bucket(BUCKET).key("inputs/zip hero.png"), RequestBody.fromBytes(new byte[] { 2, 3 }));
        String event = Fixtures.text("events/s3-put.json").replace("__BUCKET__", BUCKET)
                .replace("__KEY__", URLEncoder.encode("inputs/zip hero.png", StandardCharsets.UTF_8).replace("%2F", "/"))
                .replace("__SIZE__", "2").replace("__ETAG__", put.eTag().replace("\"", ""));

        Outcome outcome = function.await(runtime.invoke(event), Duration.ofSeconds(90));

        assertThat(outcome.failed()).as(outcome.body() + "\n" + function.output()).isFalse();
        assertThat(Fixtures.MAPPER.readTree(outcome.body()).get("done").asInt()).isEqualTo(1);
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("results/zip hero/1.png")).asByteArray())
                .isEqualTo(generated);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(FalStandIn.SUBMIT_PATH)));
    }
}
