package dev.characterremix.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalClient.CancelOutcome;

/**
 * Waits for a fal job: polls its status with a growing interval until it is done or the wait is over. Past a job's
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

    /** Polls until the job is done or {@code deadline} ({@link System#nanoTime()}) has passed. */
    JobStatus await(String requestId, long deadline) {
        long interval = config.poll().initialInterval().toNanos();
        // Every line logged while this job is waited for names it (a structured field in JSON logs).
        Object outer = MDC.get(RemixService.FAL_REQUEST_ID);
        MDC.put(RemixService.FAL_REQUEST_ID, requestId);
        try {
            while (true) {
                JobStatus status = reader.check(requestId);
                long remaining = deadline - System.nanoTime();
                if (status.done() || remaining <= 0) {
                    return status;
                }
                sleep(Math.min(interval, remaining), requestId);
                interval = Math.min((long) (interval * config.poll().factor()), config.poll().maxInterval().toNanos());
            }
        } catch (RemixError e) {
            ErrorLogging.warn(LOG, e.type(), "fal job %s: %s %s", requestId, e.type(), e.getMessage());
            throw e.withFalRequestId(requestId);
        } finally {
            if (outer == null) {
                MDC.remove(RemixService.FAL_REQUEST_ID);
            } else {
                MDC.put(RemixService.FAL_REQUEST_ID, outer);
            }
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
            try {
                return reader.result(requestId);
            } catch (ValidationError e) {
                return reader.failed(requestId, e);
            }
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
