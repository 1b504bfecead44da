package dev.characterremix.job;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalClient;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.fal.FalErrors;
import dev.characterremix.fal.FalOutput;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.fal.FalStatusStream;
import dev.characterremix.metrics.JobEnd;
import dev.characterremix.metrics.JobMetrics;

/**
 * Reads where a fal job stands and turns fal's answer into a {@link JobStatus}: one status call, and the result when
 * the job completed. Each end of a job seen here is written as a metric, with the trace of this thread.
 */
@ApplicationScoped
class FalJobReader {

    private static final Logger LOG = Logger.getLogger(FalJobReader.class);
    /** fal's error type for a job ended by a cancel (fal-protocol.md §4: {@code client_cancelled}, 499). */
    static final String CANCELLED = "client_cancelled";

    private final FalClient fal;
    private final FalErrors errors;
    private final JobMetrics metrics;

    @Inject
    FalJobReader(FalClient fal, FalErrors errors, JobMetrics metrics) {
        this.fal = fal;
        this.errors = errors;
        this.metrics = metrics;
    }

    /** One status check; a completed job's result (or error) is fetched. */
    JobStatus check(String requestId) {
        return read(requestId, () -> guarded("status", requestId, () -> fal.status(requestId)));
    }

    /**
     * Where the job stands by a status fal sent (a status check's answer, or an event of its status stream); a
     * completed job's result (or error) is fetched.
     */
    JobStatus read(String requestId, FalQueueStatus status) {
        return read(requestId, () -> status);
    }

    /**
     * Opens the job's status stream. Counted as a call to fal unless the stream's breaker is open (then nothing was
     * sent); its failures are {@link RemixError}s, as every call's.
     */
    FalStatusStream openStream(String requestId, Duration quiet) {
        boolean sent = true;
        try {
            return fal.statusStream(requestId, quiet);
        } catch (FaultToleranceException e) {
            sent = !(e instanceof CircuitBreakerOpenException);
            throw FalErrors.fromFaultTolerance("status stream", e);
        } finally {
            if (sent) {
                JobTrace.of(requestId).called();
            }
        }
    }

    private JobStatus read(String requestId, Supplier<FalQueueStatus> answer) {
        try {
            FalQueueStatus status = answer.get();
            JobTrace trace = JobTrace.of(requestId);
            if (FalQueueStatus.IN_PROGRESS.equals(status.status())) {
                trace.running();
            }
            if (status.completed()) {
                trace.metrics(status.metrics());
            }
            if (status.failed() && CANCELLED.equals(status.errorType())) {
                LOG.infof("fal job %s was cancelled", requestId);
                metrics.ended(trace.end(JobEnd.Outcome.CANCELLED, null, null));
                return JobStatus.cancelled(requestId);
            }
            if (status.failed()) {
                String type = status.errorType() == null ? null : errors.scrub(status.errorType());
                UpstreamError failure = new UpstreamError(0, type, "fal job failed: "
                        + errors.scrub(status.error() == null ? status.errorType() : status.error()));
                return failed(requestId, mayBeStartTimeout(type) ? startTimeoutOr(requestId, failure) : failure);
            }
            if (!status.completed()) {
                JobStatus.State state = FalQueueStatus.IN_QUEUE.equals(status.status())
                        ? JobStatus.State.IN_QUEUE
                        : JobStatus.State.IN_PROGRESS;
                return new JobStatus(requestId, state, status.queuePosition(), null, null);
            }
            return completedResult(requestId);
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

    /** A timed-out job may have timed out before it started; only its result (a 504 of type "user") tells. */
    private static boolean mayBeStartTimeout(String errorType) {
        return errorType != null && errorType.endsWith("timeout");
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

    /**
     * The result of a job fal says COMPLETED. fal's failure to give it (the model's error or 422, a result without
     * images) ends the paid job FAILED and is counted; only fal being unreachable leaves the job's end for a later
     * look.
     */
    JobStatus completedResult(String requestId) {
        try {
            return result(requestId);
        } catch (UpstreamError | ValidationError e) {
            return failed(requestId, e);
        }
    }

    /** The completed job's images and seed. */
    JobStatus result(String requestId) {
        FalOutput output = guarded("result", requestId, () -> fal.result(requestId));
        LOG.infof("fal job %s completed with %d image(s)", requestId, output.images().size());
        RemixResult result = new RemixResult(output.images(), output.seed(), requestId);
        metrics.ended(JobTrace.of(requestId).end(JobEnd.Outcome.COMPLETED, result, null));
        return JobStatus.completed(result);
    }

    /** Asks fal to cancel the job. */
    CancelOutcome cancel(String requestId) {
        CancelOutcome outcome = guarded("cancel", requestId, () -> fal.cancel(requestId));
        LOG.infof("fal job %s: cancel answered %s", requestId, outcome);
        return outcome;
    }

    /** The job ended FAILED: logged once, counted once. */
    JobStatus failed(String requestId, RemixError error) {
        ErrorLogging.warn(LOG, error.type(), "fal job %s failed: %s %s", requestId, error.type(), error.getMessage());
        metrics.ended(JobTrace.of(requestId).end(JobEnd.Outcome.FAILED, null, error));
        return JobStatus.failed(requestId, error.withFalRequestId(requestId));
    }

    /** A call to fal for a job; the fault-tolerance layer's own failures become {@link RemixError}s. */
    static <T> T guarded(String operation, String requestId, Supplier<T> call) {
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
