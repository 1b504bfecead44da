package dev.characterremix.job;

import static dev.characterremix.metrics.JobMetrics.FAL_QUEUE_WAIT;
import static dev.characterremix.metrics.JobMetrics.FAL_REQUESTS;
import static dev.characterremix.metrics.JobMetrics.FAL_RUN_TIME;
import static dev.characterremix.metrics.JobMetrics.JOBS_CANCELLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.testing.CapturedMetrics;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import dev.characterremix.testing.QueuedFalResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Jobs are waited for on fal's status stream, served as fal serves it (the status at once, each change, keep-alive
 * comments, the end after COMPLETED) by a stand-in the application talks to directly; polling takes over when the
 * stream is refused or cut too often, without a second submit.
 */
@QuarkusTest
@QuarkusTestResource(value = QueuedFalResource.class, restrictToAnnotatedClass = true)
class StatusStreamTest {

    static final Duration BUDGET = Duration.ofSeconds(20);

    @InjectFalStandIn
    QueuedFal fal;

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void start() {
        fal.resetCounts().jobTime(Duration.ofMillis(400));
        metrics.clear();
    }

    @AfterEach
    void reset() {
        breakers.resetAll();
    }

    private RemixResult remix() {
        return service.remix(Fixtures.falExample("required_parameters_example"), BUDGET);
    }

    @Test
    void aJobIsFollowedOnOneStreamWithoutStatusChecks() {
        RemixResult result = remix();

        assertThat(result.images()).hasSize(1);
        assertThat(fal.submits.get()).isOne();
        assertThat(fal.streams.opened.get()).isOne();
        assertThat(fal.statusChecks.get()).isZero();
        assertThat(fal.results.get()).isOne();
        JsonNode doc = metrics.documents().one(FAL_REQUESTS);
        assertThat(doc.path(FAL_REQUESTS).asInt()).isEqualTo(3).isEqualTo(fal.requests());
        assertThat(doc.path(FAL_RUN_TIME).asDouble()).isEqualTo(400.0);
        assertThat(doc.has(FAL_QUEUE_WAIT)).isTrue();
    }

    @Test
    void theResultIsFetchedOnTheSubmitsConnectionWhileTheStreamHasOneOfItsOwn() {
        remix();

        // A stream's connection is closed at its end; the result must not pay for a new connection (a TLS handshake
        // at fal) between COMPLETED and the images.
        assertThat(fal.portOfLast("result")).isEqualTo(fal.portOfLast("submit"));
        assertThat(fal.portOfLast("stream")).isNotEqualTo(fal.portOfLast("submit"));
    }

    @Test
    void aJobOfSecondsTakesNoMoreRequestsThanAShortOne() {
        // Keep-alive comments while the job runs are read, not taken for statuses.
        fal.jobTime(Duration.ofMillis(2_500)).keepAlive(Duration.ofMillis(200));

        RemixResult result = remix();

        assertThat(result.images()).hasSize(1);
        assertThat(fal.streams.opened.get()).isOne();
        assertThat(fal.statusChecks.get()).isZero();
        assertThat(fal.requests()).isEqualTo(3);
    }

    @Test
    void aCutStreamIsOpenedAgainAndItsFirstEventTellsWhereTheJobStands() {
        fal.cutStreamsAfter(Duration.ofMillis(250));

        RemixResult result = remix();

        assertThat(result.images()).hasSize(1);
        assertThat(fal.submits.get()).isOne();
        assertThat(fal.streams.opened.get()).isEqualTo(2);
        assertThat(fal.statusChecks.get()).isZero();
        assertThat(metrics.documents().one(FAL_REQUESTS).path(FAL_REQUESTS).asInt()).isEqualTo(4);
    }

    @Test
    void aStreamCutTooOftenGivesWayToPolling() {
        fal.cutStreamsAfter(Duration.ofMillis(40));

        RemixResult result = remix();

        assertThat(result.images()).hasSize(1);
        assertThat(fal.submits.get()).isOne();
        assertThat(fal.streams.opened.get()).isEqualTo(3);
        assertThat(fal.statusChecks.get()).isPositive();
        assertThat(metrics.documents().one(FAL_REQUESTS).path(FAL_REQUESTS).asInt()).isEqualTo(fal.requests());
    }

    @Test
    void aRefusedStreamGivesWayToPollingWithoutASecondSubmit() {
        fal.refuseStreams();

        RemixResult result = remix();

        assertThat(result.images()).hasSize(1);
        assertThat(fal.submits.get()).isOne();
        assertThat(fal.streams.opened.get()).isOne();
        assertThat(fal.statusChecks.get()).isPositive();
        assertThat(fal.results.get()).isOne();
    }

    @Test
    void aQueuedJobsPositionComesFromTheStreamAsFromAStatusCheck() {
        // Two jobs run at once; the third waits first in the queue.
        fal.jobTime(Duration.ofMillis(1_500));
        RemixRequest request = service.accept(Fixtures.falExample("required_parameters_example"));
        service.submit(request, Caller.DIRECT, null);
        service.submit(request, Caller.DIRECT, null);
        String third = service.submit(request, Caller.DIRECT, null);

        JobStatus status = service.await(third, Duration.ofMillis(100));

        assertThat(status.state()).isEqualTo(JobStatus.State.IN_QUEUE);
        assertThat(status.queuePosition()).isZero();
        assertThat(fal.statusChecks.get()).isZero();
        assertThat(service.await(third, Duration.ofSeconds(10)).result().images()).hasSize(1);
        // Queued 1.5 s behind the first two, then run for 1.5 s: fal's own run time and the wait before it.
        JsonNode doc = metrics.documents().one(FAL_REQUESTS);
        assertThat(doc.path(FAL_RUN_TIME).asDouble()).isEqualTo(1_500.0);
        assertThat(doc.path(FAL_QUEUE_WAIT).asDouble()).isGreaterThan(1_000.0);
    }

    @Test
    void theDeadlineOnTheStreamCancelsTheJob() {
        fal.jobTime(Duration.ofSeconds(5));

        assertThatThrownBy(() -> service.remix(service.accept(Fixtures.falExample("required_parameters_example")),
                Caller.DIRECT, Duration.ofMillis(300))).isInstanceOf(TimeoutError.class);

        assertThat(fal.streams.opened.get()).isOne();
        assertThat(fal.cancels.get()).isOne();
        assertThat(fal.results.get()).isZero();
    }

    @Test
    void aShortWaitOnARunningJobAnswersWhereItStands() {
        fal.jobTime(Duration.ofSeconds(2));
        String requestId = service.submit(service.accept(Fixtures.falExample("required_parameters_example")),
                Caller.DIRECT, null);

        JobStatus status = service.await(requestId, Duration.ofMillis(150));

        assertThat(status.done()).isFalse();
        assertThat(status.state()).isEqualTo(JobStatus.State.IN_PROGRESS);
        assertThat(service.await(requestId, Duration.ofSeconds(5)).result().images()).hasSize(1);
        assertThat(fal.streams.opened.get()).isEqualTo(2);
        assertThat(metrics.documents().with(JOBS_CANCELLED)).isEmpty();
    }
}
