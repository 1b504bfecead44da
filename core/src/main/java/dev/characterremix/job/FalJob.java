package dev.characterremix.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.fal.FalClient;
import dev.characterremix.fal.FalErrors;
import dev.characterremix.fal.FalOutput;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.metrics.JobEnd;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.usage.DailyImageLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Jobs on fal's queue: submit, poll the status with a growing interval until COMPLETED, fetch the result. Past a
 * deadline the fal job is cancelled, so nothing keeps running (and billing) unseen. Every error after the submit
 * carries fal's request id, so a paid job can always be found. Each submit, and each end of a job seen here, is
 * written as a metric.
 */
@ApplicationScoped
public class FalJob {

    private static final Logger LOG = Logger.getLogger(FalJob.class);
    /** The logging context key of the fal job being waited for. */
    public static final String FAL_REQUEST_ID = "falRequestId";

    private final FalClient fal;
    private final FalErrors errors;
    private final JobConfig config;
    private final JobMetrics metrics;
    private final DailyImageLimit dailyLimit;

    @Inject
    public FalJob(FalClient fal, FalErrors errors, JobConfig config, JobMetrics metrics, DailyImageLimit dailyLimit) {
        this.fal = fal;
        this.errors = errors;
        this.config = config;
        this.metrics = metrics;
        this.dailyLimit = dailyLimit;
    }

    /** Runs a validated request to completion within {@code budget} (capped by the configured deadline). */
    public RemixResult run(RemixRequest request, Duration budget) {
        Duration limit = budget.compareTo(config.deadline()) < 0 ? budget : config.deadline();
        long deadline = System.nanoTime() + limit.toNanos();
        String requestId = submit(request);
        try {
            JobStatus status = await(requestId, deadline);
            if (!status.done()) {
                status = timeOut(requestId, limit);
            }
            if (status.error() != null) {
                throw status.error();
            }
            return status.result();
        } catch (RemixError e) {
            throw e.withFalRequestId(requestId);
        }
    }

    /** Queues a validated request on fal and returns fal's request id. */
    public String submit(RemixRequest request) {
        return submit(request, null);
    }

    /**
     * Queues a validated request that fal drops, unstarted and unbilled, if no runner takes it within
     * {@code startTimeout} (null: never); such a job ends FAILED with an {@link UpstreamError#startTimedOut()} error.
     * The request's images are counted against the operator's daily limit first ({@link LimitReachedError} past it),
     * and given back when fal did not take the job.
     */
    public String submit(RemixRequest request, Duration startTimeout) {
        DailyImageLimit.Reservation reservation = dailyLimit.reserve(request);
        Instant since = Instant.now();
        String requestId;
        try {
            requestId = guarded("submit", null, () -> fal.submit(request, startTimeout)).requestId();
        } catch (RemixError e) {
            if (!(e instanceof UpstreamUnavailableError unavailable && unavailable.mayHaveBeenAccepted())) {
                reservation.release();
            }
            throw e;
        }
        JobTrace.submitted(requestId, since);
        metrics.submitted(requestId, request);
        LOG.infof("fal job %s submitted%s", requestId, startTimeout == null ? ""
                : " (start deadline " + startTimeout.toSeconds() + " s)");
        return requestId;
    }

    /**
     * Tells the metrics when the trigger of {@code requestId} started, when that was before this invocation (an S3
     * upload's event time), so the job's latency is measured end to end.
     */
    public void startedAt(String requestId, Instant since) {
        JobTrace.startedAt(requestId, since);
    }

    /** Polls until the job is done or {@code wait} has passed; a job still running is left running. */
    public JobStatus await(String requestId, Duration wait) {
        return await(requestId, System.nanoTime() + wait.toNanos());
    }

    /** One status check; a completed job's result (or error) is fetched. */
    public JobStatus check(String requestId) {
        try {
            FalQueueStatus status = guarded("status", requestId, () -> fal.status(requestId));
            JobTrace trace = JobTrace.of(requestId);
            if (FalQueueStatus.IN_PROGRESS.equals(status.status())) {
                trace.running();
            }
            if (status.completed()) {
                trace.metrics(status.metrics());
            }
            if (status.failed() && cancelled(status)) {
                LOG.infof("fal job %s was cancelled", requestId);
                RemixError cancelled = new UpstreamError(0, status.errorType(), "fal job was cancelled")
                        .withFalRequestId(requestId);
                metrics.ended(trace.end(JobEnd.Outcome.CANCELLED, null, cancelled));
                return JobStatus.cancelled(requestId, cancelled);
            }
            if (status.failed()) {
                UpstreamError failure = new UpstreamError(0, status.errorType() == null ? null : errors.scrub(status.errorType()), "fal job failed: "
                        + errors.scrub(status.error() == null ? status.errorType() : status.error()));
                return failed(requestId, mayBeStartTimeout(status) ? startTimeoutOr(requestId, failure) : failure);
            }
            if (!status.completed()) {
                JobStatus.State state = FalQueueStatus.IN_QUEUE.equals(status.status()) ? JobStatus.State.IN_QUEUE
                        : JobStatus.State.IN_PROGRESS;
                return new JobStatus(requestId, state, status.queuePosition(), null, null);
            }
            return result(requestId);
        } catch (ValidationError e) {
            // fal's 422 for this job is the job's outcome, not a failure to check on it.
            return failed(requestId, e);
        } catch (UpstreamError e) {
            if (e.startTimedOut()) {
                return failed(requestId, e);
            }
            throw e;
        }
    }

    /** fal ends a cancelled job COMPLETED with a cancellation error ({@code client_cancelled}). */
    private static boolean cancelled(FalQueueStatus status) {
        String type = status.errorType() == null ? "" : status.errorType();
        String error = status.error() == null ? "" : status.error().toLowerCase(Locale.ROOT);
        return type.equals("client_cancelled") || type.equals("cancelled") || error.contains("cancelled")
                || error.contains("canceled");
    }

    /** A timed-out job may have timed out before it started; only its result (a 504 of type "user") tells. */
    private static boolean mayBeStartTimeout(FalQueueStatus status) {
        String type = status.errorType() == null ? "" : status.errorType();
        String error = status.error() == null ? "" : status.error().toLowerCase(Locale.ROOT);
        return type.contains("timeout") || error.contains("timed out");
    }

    private RemixError startTimeoutOr(String requestId, UpstreamError failure) {
        try {
            result(requestId);
        } catch (UpstreamError e) {
            if (e.startTimedOut()) {
                return e;
            }
        } catch (RemixError e) {
            // The status already says how the job ended; the result was only asked for the timeout's kind.
        }
        return failure;
    }

    private JobStatus result(String requestId) {
        FalOutput output = guarded("result", requestId, () -> fal.result(requestId));
        LOG.infof("fal job %s completed with %d image(s)", requestId, output.images().size());
        RemixResult result = new RemixResult(output.images(), output.seed(), requestId);
        metrics.ended(JobTrace.of(requestId).end(JobEnd.Outcome.COMPLETED, result, null));
        return JobStatus.completed(result);
    }

    /** Asks fal to cancel the job. */
    public CancelOutcome cancel(String requestId) {
        CancelOutcome outcome = guarded("cancel", requestId, () -> fal.cancel(requestId));
        LOG.infof("fal job %s: cancel answered %s", requestId, outcome);
        return outcome;
    }

    private JobStatus await(String requestId, long deadline) {
        long interval = config.poll().initialInterval().toNanos();
        // Every line logged while this job is waited for names it (a structured field in JSON logs).
        Object outer = MDC.get(FAL_REQUEST_ID);
        MDC.put(FAL_REQUEST_ID, requestId);
        try {
            while (true) {
                JobStatus status = check(requestId);
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
                MDC.remove(FAL_REQUEST_ID);
            } else {
                MDC.put(FAL_REQUEST_ID, outer);
            }
        }
    }

    /** Cancels the job; if fal says it has just completed, its paid-for result is fetched instead. */
    private JobStatus timeOut(String requestId, Duration limit) {
        CancelOutcome outcome = null;
        try {
            outcome = cancel(requestId);
        } catch (RemixError e) {
            LOG.warnf("fal job %s: cancel after the deadline failed: %s", requestId, e.getMessage());
        }
        if (outcome == CancelOutcome.ALREADY_COMPLETED) {
            LOG.infof("fal job %s completed just as its deadline passed; fetching the result", requestId);
            try {
                return result(requestId);
            } catch (ValidationError e) {
                return failed(requestId, e);
            }
        }
        boolean cancelled = outcome == CancelOutcome.CANCELLATION_REQUESTED;
        return failed(requestId, new TimeoutError(limit, cancelled, "The remix did not complete within "
                + limit.toMillis() + " ms; " + (cancelled ? "the fal job was cancelled" : "the fal job could not be cancelled")));
    }

    private JobStatus failed(String requestId, RemixError error) {
        ErrorLogging.warn(LOG, error.type(), "fal job %s failed: %s %s", requestId, error.type(), error.getMessage());
        metrics.ended(JobTrace.of(requestId).end(JobEnd.Outcome.FAILED, null, error));
        return JobStatus.failed(requestId, error.withFalRequestId(requestId));
    }

    private static void sleep(long nanos, String requestId) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutError(Duration.ZERO, false, "Interrupted while waiting for fal job " + requestId);
        }
    }

    private static <T> T guarded(String operation, String requestId, Supplier<T> call) {
        if (requestId != null) {
            JobTrace.of(requestId).called();
        }
        try {
            return call.get();
        } catch (FaultToleranceException e) {
            throw FalErrors.fromFaultTolerance(operation, e);
        }
    }
}
