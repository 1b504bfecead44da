package dev.characterremix.s3;

import static dev.characterremix.s3.S3StandInResource.BUCKET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
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

/**
 * docs/local-development.md's S3 walkthrough, command by command: each {@code curl} of its code blocks is run as
 * written (the local S3's address replaced by the test's S3 stand-in, the mock event server's by the test's), with
 * the files it names, and each answer is what the page says it is.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(S3StandInResource.class)
@TestProfile(LocalS3WalkthroughTest.AsInDevMode.class)
class LocalS3WalkthroughTest {

    /** What dev mode's S3 handler runs with (DevS3StandInConfig), but the test's S3 stand-in. */
    public static class AsInDevMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "s3", "remix.input.allow-http", "true");
        }
    }

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CURL = Pattern.compile(
            "^curl -s(?: -X (PUT))?(?: --data-binary @(\\S+))? (localhost:\\d+)(\\S*)(?: -H '[^']*' -d @(\\S+))?$");

    @InjectFalStandIn
    FalStandIn fal;

    S3StandIn s3;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void reset() {
        fal.reset();
    }

    @Test
    void theDocumentedUploadsByS3AndThroughTheQueueEachLeaveTheirResult() throws Exception {
        List<List<String>> blocks = walkthrough();
        assertThat(blocks).hasSize(2);

        falCompletes();
        List<String> answers = run(blocks.get(0));
        assertThat(Fixtures.MAPPER.readTree(answers.get(1))).isEqualTo(Fixtures.MAPPER.readTree(
                "{\"done\":1,\"skipped\":0,\"failed\":0}"));
        JsonNode first = Fixtures.MAPPER.readTree(answers.get(2));
        assertThat(first.at("/source/key").asText()).isEqualTo("jobs/first.json");
        assertThat(first.at("/images/0/key").asText()).isEqualTo("results/jobs/first.json/1.png");
        assertThat(bytes("results/jobs/first.json/1.png")).isNotEmpty();

        fal.reset();
        falCompletes();
        answers = run(blocks.get(1));
        assertThat(Fixtures.MAPPER.readTree(answers.get(1))).isEqualTo(Fixtures.MAPPER.readTree(
                "{\"batchItemFailures\":[]}"));
        assertThat(Fixtures.MAPPER.readTree(answers.get(2)).at("/source/key").asText()).isEqualTo("jobs/second.json");
    }

    /** The code blocks of the page's S3 section that hold the walkthrough's curl commands. */
    private static List<List<String>> walkthrough() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/local-development.md"));
        String section = page.substring(page.indexOf("## Uploads to S3, locally"));
        List<List<String>> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            List<String> commands = block.group(1).lines().filter(line -> line.startsWith("curl ")).toList();
            if (!commands.isEmpty()) {
                blocks.add(commands);
            }
        }
        return blocks;
    }

    /** Runs each command as curl would, against the test's servers; returns each answer's body. */
    private List<String> run(List<String> commands) throws Exception {
        List<String> answers = new ArrayList<>();
        for (String command : commands) {
            Matcher curl = CURL.matcher(command);
            assertThat(curl.matches()).as("a command the walkthrough runs: %s", command).isTrue();
            boolean toS3 = curl.group(3).equals("localhost:8099");
            if (!toS3) {
                assertThat(curl.group(3)).isEqualTo("localhost:8081");
                answers.add(
                        given().contentType("application/json").body(Files.readAllBytes(ROOT.resolve(curl.group(5))))
                                .when().post().then().statusCode(200).extract().asString());
                continue;
            }
            URI uri = URI.create(s3.endpoint() + curl.group(4));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            if ("PUT".equals(curl.group(1))) {
                request.PUT(HttpRequest.BodyPublishers.ofFile(ROOT.resolve(curl.group(2))));
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(command).isEqualTo(200);
            answers.add(answer.body());
        }
        return answers;
    }

    private void falCompletes() {
        fal.completesWithOneImage();
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/files/out-1.png"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "image/png").withBody(S3UploadLambdaTest.PNG)));
    }

    private byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }
}
