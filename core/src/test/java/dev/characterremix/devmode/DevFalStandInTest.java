package dev.characterremix.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The dev-mode stand-in's queue follows fal's: a queued job is told how many queued jobs are ahead of it. */
class DevFalStandInTest {

    @Test
    void aQueuedJobIsToldHowManyQueuedJobsAreAheadOfIt() {
        long now = 10_000;
        DevFalStandIn.Job first = new DevFalStandIn.Job(now - 100, new JsonObject(), 1, false, null);
        DevFalStandIn.Job cancelled = new DevFalStandIn.Job(now - 90, new JsonObject(), 2, true, null);
        DevFalStandIn.Job second = new DevFalStandIn.Job(now - 80, new JsonObject(), 3, false, null);
        DevFalStandIn.Job third = new DevFalStandIn.Job(now - 10, new JsonObject(), 4, false, null);
        DevFalStandIn.Job running = new DevFalStandIn.Job(now - 900, new JsonObject(), 5, false, null);
        List<DevFalStandIn.Job> jobs = List.of(running, first, cancelled, second, third);

        assertThat(DevFalStandIn.queuePosition(jobs, first, now)).isZero();
        assertThat(DevFalStandIn.queuePosition(jobs, second, now)).isEqualTo(1);
        assertThat(DevFalStandIn.queuePosition(jobs, third, now)).isEqualTo(2);
        assertThat(running.queued(now)).isFalse();
    }
}
