package dev.characterremix.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.LimitReachedError;
import dev.characterremix.job.RemixService;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.testing.CapturedMetrics;
import dev.characterremix.testing.DynamoDbStandIn;
import dev.characterremix.testing.DynamoDbStandInResource;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.UsageTableProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The per-caller daily limit, beside the account-wide one, counted in the DynamoDB stand-in. */
@QuarkusTest
@TestProfile(PerCallerLimitTest.TwoEachTenInAll.class)
@QuarkusTestResource(FalStandInResource.class)
class PerCallerLimitTest {

    static final Caller ALICE = Caller.jwt("https://issuer.example", "alice");
    static final Caller BOB = Caller.jwt("https://issuer.example", "bob");

    /** Two images a day per caller, ten for everyone together. */
    public static class TwoEachTenInAll extends UsageTableProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.limits.max-images-per-day", "10", "remix.limits.max-images-per-caller-per-day", "2");
        }
    }

    DynamoDbStandIn dynamo = DynamoDbStandInResource.standIn();

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        dynamo.reset();
        metrics.clear();
        breakers.resetAll();
    }

    RemixRequest asking(int images) {
        return service.accept(DailyImageLimitTest.asking(images));
    }

    @Test
    void eachCallerHasItsOwnDailyImagesAndTheRefusalNamesThatLimit() {
        fal.acceptsSubmit();
        service.submit(asking(2), ALICE, null);

        assertThatThrownBy(() -> service.submit(asking(1), ALICE, null)).isInstanceOfSatisfying(
                LimitReachedError.class, e -> {
                    assertThat(e.limit()).isEqualTo("max_images_per_caller_per_day");
                    assertThat(e.getMessage()).isEqualTo("Your daily image limit is reached: "
                            + "max_images_per_caller_per_day is 2, 2 already used today (UTC), and this request asks "
                            + "for 1; it resets at 00:00 UTC");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(12));
                });
        // Bob is another caller: his images are his own.
        service.submit(asking(2), BOB, null);

        fal.server().verify(2, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        // The refused request was given back to the day's count; the callers' items hold what each used.
        assertThat(dynamo.images(DailyImageLimitTest.today())).isEqualTo(4);
        assertThat(dynamo.images(DailyImageLimitTest.today() + "#" + ALICE.id())).isEqualTo(2);
        assertThat(dynamo.images(DailyImageLimitTest.today() + "#" + BOB.id())).isEqualTo(2);
        assertThat(metrics.documents().one(JobMetrics.REQUESTS_REFUSED).path("Limit").asText())
                .isEqualTo("max_images_per_caller_per_day");
    }

    @Test
    void imagesFalNeverReceivedAreGivenBackToTheCallerAndTheDay() {
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.json(401, "fal/error-401.json")));

        assertThatThrownBy(() -> service.submit(asking(2), ALICE, null))
                .isInstanceOf(dev.characterremix.error.UpstreamAuthError.class);

        assertThat(dynamo.images(DailyImageLimitTest.today())).isZero();
        assertThat(dynamo.images(DailyImageLimitTest.today() + "#" + ALICE.id())).isZero();
    }

    @Test
    void aCallersKeyIsAHashNeverTheTokensSubject() {
        assertThat(ALICE.id()).startsWith("jwt:").doesNotContain("alice").hasSize(4 + 16);
        assertThat(ALICE.id()).isNotEqualTo(BOB.id());
        assertThat(Caller.jwt("https://other.example", "alice").id()).isNotEqualTo(ALICE.id());
    }

    @Test
    void aSubmitThatFailsBeforeReachingFalGivesTheImagesBack() {
        assertThatThrownBy(() -> service.submitWith(asking(2), ALICE, () -> {
            throw new IllegalArgumentException("a header value the HTTP client refuses");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(dynamo.images(DailyImageLimitTest.today())).isZero();
        assertThat(dynamo.images(DailyImageLimitTest.today() + "#" + ALICE.id())).isZero();
        fal.server().verify(0, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
