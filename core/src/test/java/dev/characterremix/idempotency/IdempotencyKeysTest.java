package dev.characterremix.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.REQUEST_ID;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.IdempotencyConflictError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.testing.DynamoDbStandIn;
import dev.characterremix.testing.DynamoDbStandInResource;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.TestClock;
import dev.characterremix.testing.UsageTableProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Idempotency keys kept in the DynamoDB stand-in, through the façade every trigger uses. */
@QuarkusTest
@TestProfile(IdempotencyKeysTest.KeysInDynamoDb.class)
@QuarkusTestResource(FalStandInResource.class)
class IdempotencyKeysTest {

    static final Caller ALICE = Caller.jwt("https://issuer.example", "alice");
    static final Caller BOB = Caller.jwt("https://issuer.example", "bob");
    static final IdempotencyKey KEY = IdempotencyKey.of("order-2026-11-26-0001", "Idempotency-Key");

    /** Keys in the stand-in; a short wait for a submit in flight. */
    public static class KeysInDynamoDb extends UsageTableProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.idempotency.pending-wait", "PT0.3S");
        }
    }

    DynamoDbStandIn dynamo = DynamoDbStandInResource.standIn();

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        dynamo.reset();
        breakers.resetAll();
    }

    RemixRequest request(int images) {
        ObjectNode json = (ObjectNode) Fixtures.falExample("required_parameters_example");
        return service.accept(json.put("num_images", images));
    }

    @Test
    void aRetryWithTheSameKeyAndRequestGetsTheSameJobAndPaysNothing() {
        fal.acceptsSubmit();

        RemixService.Submitted first = service.submitOnce(request(1), ALICE, KEY);
        RemixService.Submitted retry = service.submitOnce(request(1), ALICE, KEY);

        assertThat(first).isEqualTo(new RemixService.Submitted(REQUEST_ID, false));
        assertThat(retry).isEqualTo(new RemixService.Submitted(REQUEST_ID, true));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        // One item, per caller, the key itself hashed; fal's job recorded; gone a day after (DynamoDB's TTL).
        String item = IdempotencyKeys.id(ALICE, KEY);
        assertThat(dynamo.documentKeys()).containsExactly(item);
        assertThat(item).doesNotContain(KEY.value()).doesNotContain("alice");
        assertThat(dynamo.document(item).at("/fal_request_id/S").asText()).isEqualTo(REQUEST_ID);
        assertThat(dynamo.document(item).at("/expires_at/N").asLong())
                .isEqualTo(TestClock.NOW.plus(Duration.ofHours(24)).getEpochSecond());
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedNamingWhereTheKeyWasSent() {
        fal.acceptsSubmit();
        service.submitOnce(request(1), ALICE, KEY);

        assertThatThrownBy(() -> service.submitOnce(request(2), ALICE, KEY)).isInstanceOfSatisfying(
                ValidationError.class, e -> assertThat(e.getMessage()).isEqualTo("Invalid remix request: "
                        + "Idempotency-Key: was already used for a different request (a key is kept 24 h): send a new "
                        + "key with a new request"));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void anotherCallersSameKeyIsAnotherKey() {
        fal.acceptsSubmit();

        service.submitOnce(request(1), ALICE, KEY);
        RemixService.Submitted bobs = service.submitOnce(request(1), BOB, KEY);

        assertThat(bobs.replayed()).isFalse();
        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void concurrentAttemptsWithOneKeySubmitOnceAndAllGetThatJob() throws Exception {
        fal.acceptsSubmit();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<RemixService.Submitted>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(() -> service.submitOnce(request(1), ALICE, KEY));
            }
            List<RemixService.Submitted> answers = new ArrayList<>();
            for (Future<RemixService.Submitted> answer : pool.invokeAll(attempts)) {
                answers.add(answer.get());
            }
            assertThat(answers).extracting(RemixService.Submitted::falRequestId).containsOnly(REQUEST_ID);
            assertThat(answers).filteredOn(a -> !a.replayed()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aKeyWhoseSubmitFalRefusedIsGivenUpSoTheRetrySubmits() {
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.json(401, "fal/error-401.json")));
        assertThatThrownBy(() -> service.submitOnce(request(1), ALICE, KEY)).isInstanceOf(UpstreamAuthError.class);
        assertThat(dynamo.documentKeys()).isEmpty();

        fal.reset();
        fal.acceptsSubmit();
        assertThat(service.submitOnce(request(1), ALICE, KEY).replayed()).isFalse();
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aRetryWhileTheFirstSubmitIsInFlightIsAConflictAndOneWhoseFirstAttemptDiedSubmits() {
        fal.acceptsSubmit();
        String item = IdempotencyKeys.id(ALICE, KEY);
        // The first attempt took the key just now and has not recorded fal's request id yet.
        service.submitOnce(request(1), ALICE, KEY);
        dynamo.document(item).remove("fal_request_id");

        assertThatThrownBy(() -> service.submitOnce(request(1), ALICE, KEY))
                .isInstanceOf(IdempotencyConflictError.class)
                .hasMessage("A request with this Idempotency-Key is being submitted right now; retry in a moment to "
                        + "get its job");
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));

        // Minutes later it still has no job: that attempt died inside its submit, and the retry submits.
        dynamo.document(item).putObject("created_at").put("N",
                Long.toString(Instant.from(TestClock.NOW).minus(Duration.ofMinutes(3)).toEpochMilli()));
        assertThat(service.submitOnce(request(1), ALICE, KEY).replayed()).isFalse();
        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
