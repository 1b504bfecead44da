package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Idempotency-Key on the HTTP API: a retry answers the job it already paid for, for the caller who sent it only. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class IdempotencyHttpTest {

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        breakers.resetAll();
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheSameJobWithoutASecondSubmit() {
        fal.acceptsSubmit().statusSequence("fal/status-in-progress.json");
        String key = UUID.randomUUID().toString();

        String first = given().contentType("application/json").header("Idempotency-Key", key)
                .body(RemixResource.EXAMPLE).when().post("/v1/remix/jobs")
                .then().statusCode(202).header("Idempotent-Replayed", (String) null).extract().header("Location");
        // The answer was lost; the client sends the same request again, even to the waiting route.
        given().contentType("application/json").header("Idempotency-Key", key).header("Prefer", "respond-async")
                .body(RemixResource.EXAMPLE).when().post("/v1/remix")
                .then().statusCode(202).header("Location", first).header("Idempotent-Replayed", "true");

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422NamingTheHeader() {
        fal.acceptsSubmit();
        String key = UUID.randomUUID().toString();
        given().contentType("application/json").header("Idempotency-Key", key).body(RemixResource.EXAMPLE)
                .when().post("/v1/remix/jobs").then().statusCode(202);

        given().contentType("application/json").header("Idempotency-Key", key)
                .body(RemixResource.EXAMPLE.replace("surfing", "skiing")).when().post("/v1/remix/jobs")
                .then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        given().contentType("application/json").header("Idempotency-Key", "bad key with spaces")
                .body(RemixResource.EXAMPLE).when().post("/v1/remix/jobs")
                .then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void concurrentRetriesSubmitOnce() throws Exception {
        fal.acceptsSubmit();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                attempts.add(() -> given().contentType("application/json").header("Idempotency-Key", key)
                        .body(RemixResource.EXAMPLE).when().post("/v1/remix/jobs")
                        .then().statusCode(202).extract().path("job_id"));
            }
            List<String> jobs = new ArrayList<>();
            for (Future<String> job : pool.invokeAll(attempts)) {
                jobs.add(job.get());
            }
            assertThat(jobs).hasSize(3).containsOnly(jobs.get(0));
        } finally {
            pool.shutdownNow();
        }
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void anotherCallersSameKeyNeitherReachesNorBlocksTheFirstCallersJob() throws Exception {
        fal.acceptsSubmit();
        String key = UUID.randomUUID().toString();
        HttpClient http = HttpClient.newHttpClient();
        try (HttpApiStandIn api = HttpApiStandIn.inFrontOfTestApplication(RestAssured.port)) {
            List<String> jobs = new ArrayList<>();
            for (String subject : new String[] { "alice", "bob" }) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/v1/remix/jobs"))
                        .header("Authorization", "Bearer " + HttpApiStandIn.jwt("https://issuer.example", subject))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(RemixResource.EXAMPLE)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(202);
                assertThat(answer.headers().firstValue("Idempotent-Replayed")).isEmpty();
                jobs.add(Fixtures.MAPPER.readTree(answer.body()).get("job_id").asText());
            }
            // Each caller's own job handle: bob's key started bob's job, not a view of alice's.
            assertThat(jobs.get(0)).isNotEqualTo(jobs.get(1));
        }
        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
