package dev.characterremix.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.job.RemixService;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.testing.CapturedMetrics;
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

@QuarkusTest
@TestProfile(DailyImageLimitTest.ThreeADay.class)
@QuarkusTestResource(FalStandInResource.class)
class DailyImageLimitTest {

    static final Duration BUDGET = Duration.ofSeconds(20);

    DynamoDbStandIn dynamo = DynamoDbStandInResource.standIn();

    /** A daily limit of three images, counted in the DynamoDB stand-in. */
    public static class ThreeADay extends UsageTableProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.limits.max-images-per-day", "3");
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @Inject
    TestClock clock;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        dynamo.reset();
        metrics.clear();
        clock.reset();
        breakers.resetAll();
    }

    /** The day the test clock stands on: never across midnight, whenever the test runs. */
    static final LocalDate DAY = LocalDate.ofInstant(TestClock.NOW, ZoneOffset.UTC);

    static String today() {
        return "images#" + DAY;
    }

    static ObjectNode asking(int images) {
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        return request.put("num_images", images);
    }

    @Test
    void countsEachSubmittedRequestsImagesInTodaysItem() {
        fal.completesNormally();

        service.remix(asking(2), BUDGET);

        assertThat(dynamo.images(today())).isEqualTo(2);
        // DynamoDB's TTL removes the item days after its day is over.
        assertThat(dynamo.expiresAt(today())).isEqualTo(
                DAY.plusDays(4).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }

    @Test
    void refusesARequestThatWouldPassTheLimitBeforeAnythingReachesFal() {
        fal.completesNormally();
        service.remix(asking(2), BUDGET);

        assertThatThrownBy(() -> service.remix(asking(2), BUDGET)).isInstanceOfSatisfying(LimitReachedError.class,
                e -> {
                    assertThat(e.limit()).isEqualTo("max_images_per_day");
                    assertThat(e.getMessage()).isEqualTo("The daily image limit is reached: max_images_per_day is 3, "
                            + "2 already used today (UTC), and this request asks for 2; it resets at 00:00 UTC");
                    // Noon on the test clock: the limit resets at midnight, twelve hours on.
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(12));
                });

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertThat(dynamo.images(today())).isEqualTo(2);
        // One image still fits.
        service.remix(asking(1), BUDGET);
        assertThat(dynamo.images(today())).isEqualTo(3);
        assertThat(metrics.documents().one(JobMetrics.REQUESTS_REFUSED).path("Limit").asText())
                .isEqualTo("max_images_per_day");
    }

    @Test
    void aNewUtcDayCountsInANewItem() {
        fal.completesNormally();
        service.remix(asking(3), BUDGET);

        clock.set(TestClock.NOW.plus(Duration.ofHours(12)));
        service.remix(asking(3), BUDGET);

        assertThat(dynamo.images(today())).isEqualTo(3);
        assertThat(dynamo.images("images#" + DAY.plusDays(1))).isEqualTo(3);
    }

    @Test
    void aRequestForMoreThanTheWholeDayIsRefusedWithoutCounting() {
        assertThatThrownBy(() -> service.remix(asking(4), BUDGET)).isInstanceOf(LimitReachedError.class)
                .hasMessageContaining("max_images_per_day is 3, and this request asks for 4");

        dynamo.server().verify(0, postRequestedFor(urlPathEqualTo("/")));
        fal.server().verify(0, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void givesTheImagesBackWhenFalRefusesTheSubmit() {
        fal.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SUBMIT_PATH))
                .willReturn(FalStandIn.json(401, "fal/error-401.json")));

        assertThatThrownBy(() -> service.remix(asking(2), BUDGET)).isInstanceOf(UpstreamAuthError.class);

        assertThat(dynamo.images(today())).isZero();
    }

    @Test
    void failsClosedWhenTheCounterCannotBeReached() {
        dynamo.unavailable(true);

        assertThatThrownBy(() -> service.remix(asking(1), BUDGET)).isInstanceOf(UpstreamUnavailableError.class)
                .hasMessageContaining("The daily image count could not be read");

        fal.server().verify(0, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void ofRacingRequestsOnlyThoseWithinTheLimitReachFal() throws Exception {
        // One status answer for every racing job: WireMock's scenario states are not meant for concurrent walkers.
        fal.acceptsSubmit().statusSequence("fal/status-completed.json").result(200, "fal/result-ok.json");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Callable<Boolean> one = () -> {
                try {
                    service.accept(asking(1));
                    service.remix(asking(1), BUDGET);
                    return true;
                } catch (LimitReachedError e) {
                    return false;
                }
            };
            var results = pool.invokeAll(java.util.Collections.nCopies(6, one));
            long passed = 0;
            for (Future<Boolean> result : results) {
                passed += result.get() ? 1 : 0;
            }
            assertThat(passed).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(dynamo.images(today())).isEqualTo(3);
        fal.server().verify(3, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
