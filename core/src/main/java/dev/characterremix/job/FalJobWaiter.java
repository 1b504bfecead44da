package dev.characterremix.job;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.fal.FalStatusStream;

/**
 * Waits for a fal job: follows its status stream (one request, however long the job runs), or polls its status with a
 * growing interval when no stream can be had, until it is done or the wait is over. Past a job's
 * deadline the fal job is cancelled, so nothing keeps running (and billing) unseen; if fal says it has just completed,
 * the paid-for result is fetched instead.
 */
@ApplicationScoped
class FalJobWaiter {

    private static final Logger LOG = Logger.getLogger(FalJobWaiter.class);

    private final FalJobReader reader;
    private final JobConfig config;

    @Inject
    FalJobWaiter(FalJobReader reader, JobConfig config) {
        this.reader = reader;
        this.config = config;
    }

    /**
     * Waits until the job is done or {@code deadline} ({@link System#nanoTime()}) has passed: on fal's status stream
     * when it can be had, polling otherwise. Returns the job's last known status (not done at the deadline).
     */
    JobStatus await(String requestId, long deadline) {
        try (JobLogContext context = JobLogContext.of(requestId)) {
            try {
                JobStatus streamed = config.statusStream().enabled() ? stream(requestId, deadline) : null;
                return streamed != null ? streamed : poll(requestId, deadline);
            } catch (RemixError e) {
                // Logged inside the job's context, so this line names the job as every other does.
                ErrorLogging.warn(LOG, e.type(), "fal job %s: %s %s", requestId, e.type(), e.getMessage());
                throw e.withFalRequestId(requestId);
            }
        }
    }

    /**
     * Follows the job on its status stream; a cut stream is opened again (its first event says where the job stands),
     * up to the configured attempts. Null when the stream could not be had: the caller polls instead, so nothing is
     * lost and nothing submitted again.
     */
    private JobStatus stream(String requestId, long deadline) {
        JobConfig.StatusStream settings = config.statusStream();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            FalStatusStream stream;
            try {
                stream = reader.openStream(requestId, settings.quietLimit());
            } catch (RemixError e) {
                LOG.infof("fal job %s: no status stream (%s); polling instead", requestId, e.getMessage());
                return null;
            }
            try (stream) {
                JobStatus status = null;
                while (true) {
                    long remaining = deadline - System.nanoTime();
                    Optional<FalQueueStatus> next = stream.next(Duration.ofNanos(Math.max(remaining, 0)));
                    if (next.isEmpty()) {
                        return status != null ? status : reader.check(requestId);
                    }
                    status = reader.read(requestId, next.get());
                    if (status.done() || deadline - System.nanoTime() <= 0) {
                        return status;
                    }
                }
            } catch (FalStatusStream.Cut e) {
                LOG.infof("fal job %s: %s (stream %d of %d)", requestId, e.getMessage(), attempt,
                        settings.attempts());
            }
        }
        return null;
    }

    /** Polls with a growing interval until the job is done or the deadline has passed. */
    private JobStatus poll(String requestId, long deadline) {
        long interval = config.poll().initialInterval().toNanos();
        while (true) {
            JobStatus status = reader.check(requestId);
            long remaining = deadline - System.nanoTime();
            if (status.done() || remaining <= 0) {
                return status;
            }
            sleep(Math.min(interval, remaining), requestId);
            interval = Math.min((long) (interval * config.poll().factor()), config.poll().maxInterval().toNanos());
        }
    }

    /** Cancels a job past its deadline ({@code limit}); if fal says it has just completed, fetches its result. */
    JobStatus timeOut(String requestId, Duration limit) {
        CancelOutcome outcome = null;
        try {
            outcome = reader.cancel(requestId);
        } catch (RemixError e) {
            LOG.warnf("fal job %s: cancel after the deadline failed: %s", requestId, e.getMessage());
        }
        if (outcome == CancelOutcome.ALREADY_COMPLETED) {
            LOG.infof("fal job %s completed just as its deadline passed; fetching the result", requestId);
            return reader.completedResult(requestId);
        }
        boolean cancelled = outcome == CancelOutcome.CANCELLATION_REQUESTED;
        return reader.failed(requestId, new TimeoutError(limit, cancelled, "The remix did not complete within "
                + limit.toMillis() + " ms; "
                + (cancelled ? "the fal job was cancelled" : "the fal job could not be cancelled")));
    }

    private static void sleep(long nanos, String requestId) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutError(Duration.ZERO, false, "Interrupted while waiting for fal job " + requestId);
        }
    }
}
