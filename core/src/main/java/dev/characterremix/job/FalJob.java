package dev.characterremix.job;

import java.time.Duration;
import java.util.function.Supplier;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.fal.FalClient;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.fal.FalErrors;
import dev.characterremix.fal.FalOutput;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.request.RemixRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Runs one job on fal's queue: submit, poll the status with a growing interval until COMPLETED, fetch the result.
 * Past the deadline the fal job is cancelled, so nothing keeps running (and billing) unseen. Every error after the
 * submit carries fal's request id, so a paid job can always be found.
 */
@ApplicationScoped
public class FalJob {

    private static final Logger LOG = Logger.getLogger(FalJob.class);

    private final FalClient fal;
    private final JobConfig config;

    @Inject
    public FalJob(FalClient fal, JobConfig config) {
        this.fal = fal;
        this.config = config;
    }

    /** Runs a validated request to completion within {@code budget} (capped by the configured deadline). */
    public RemixResult run(RemixRequest request, Duration budget) {
        Duration limit = budget.compareTo(config.deadline()) < 0 ? budget : config.deadline();
        long deadline = System.nanoTime() + limit.toNanos();
        String requestId = guarded("submit", () -> fal.submit(request)).requestId();
        LOG.infof("fal job %s submitted", requestId);
        try {
            awaitCompletion(requestId, deadline, limit);
            FalOutput output = guarded("result", () -> fal.result(requestId));
            LOG.infof("fal job %s completed with %d image(s)", requestId, output.images().size());
            return new RemixResult(output.images(), output.seed(), requestId);
        } catch (RemixError e) {
            LOG.warnf("fal job %s failed: %s %s", requestId, e.type(), e.getMessage());
            throw e.withFalRequestId(requestId);
        }
    }

    private void awaitCompletion(String requestId, long deadline, Duration limit) {
        long interval = config.poll().initialInterval().toNanos();
        while (true) {
            FalQueueStatus status = guarded("status", () -> fal.status(requestId));
            if (status.failed()) {
                throw new UpstreamError(0, status.errorType(), "fal job failed: "
                        + (status.error() == null ? status.errorType() : status.error()));
            }
            if (status.completed()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                timeOut(requestId, limit);
                return;
            }
            sleep(Math.min(interval, remaining), requestId);
            interval = Math.min((long) (interval * config.poll().factor()), config.poll().maxInterval().toNanos());
        }
    }

    /** Cancels the job; if fal says it has just completed, the caller goes on to fetch the paid-for result. */
    private void timeOut(String requestId, Duration limit) {
        CancelOutcome outcome = null;
        try {
            outcome = guarded("cancel", () -> fal.cancel(requestId));
        } catch (RemixError e) {
            LOG.warnf("fal job %s: cancel after the deadline failed: %s", requestId, e.getMessage());
        }
        if (outcome == CancelOutcome.ALREADY_COMPLETED) {
            LOG.infof("fal job %s completed just as its deadline passed; fetching the result", requestId);
            return;
        }
        boolean cancelled = outcome == CancelOutcome.CANCELLATION_REQUESTED;
        throw new TimeoutError(limit, cancelled, "The remix did not complete within " + limit.toMillis() + " ms; "
                + (cancelled ? "the fal job was cancelled" : "the fal job could not be cancelled"));
    }

    private static void sleep(long nanos, String requestId) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutError(Duration.ZERO, false, "Interrupted while waiting for fal job " + requestId);
        }
    }

    private static <T> T guarded(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (FaultToleranceException e) {
            throw FalErrors.fromFaultTolerance(operation, e);
        }
    }
}
