package dev.characterremix.job;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.metrics.JobEnd;

/**
 * What one thread has seen of the fal job it is handling: when the job started (the submit, or the trigger's own
 * start when a caller knows it), the calls made to fal for it, when it was first seen running and fal's own run time.
 * A Lambda invocation, or an HTTP request, handles its job on one thread, so a thread-local trace needs no plumbing
 * through the triggers; a trace for another job is simply replaced.
 */
final class JobTrace {

    private static final ThreadLocal<JobTrace> CURRENT = new ThreadLocal<>();

    private final String falRequestId;
    private Instant since;
    private int calls;
    private Instant runningSince;
    private Duration inferenceTime;

    private JobTrace(String falRequestId, Instant since, int calls) {
        this.falRequestId = falRequestId;
        this.since = since;
        this.calls = calls;
    }

    /** A job just submitted (one call to fal so far), started at {@code since}. */
    static void submitted(String falRequestId, Instant since) {
        CURRENT.set(new JobTrace(falRequestId, since, 1));
    }

    /** The job's trigger started at {@code since} (e.g. the S3 upload's event time): latency is measured from it. */
    static void startedAt(String falRequestId, Instant since) {
        if (since != null) {
            of(falRequestId).since = since;
        }
    }

    /** The trace of {@code falRequestId}, started afresh when this thread was handling another job. */
    static JobTrace of(String falRequestId) {
        JobTrace trace = CURRENT.get();
        if (trace == null || !trace.falRequestId.equals(falRequestId)) {
            trace = new JobTrace(falRequestId, null, 0);
            CURRENT.set(trace);
        }
        return trace;
    }

    void called() {
        calls++;
    }

    void running() {
        if (runningSince == null) {
            runningSince = Instant.now();
        }
    }

    /** fal's {@code metrics.inference_time} (seconds), when the status carries it. */
    void metrics(JsonNode metrics) {
        JsonNode seconds = metrics == null ? null : metrics.get("inference_time");
        if (seconds != null && seconds.isNumber() && seconds.doubleValue() >= 0) {
            inferenceTime = Duration.ofNanos((long) (seconds.doubleValue() * 1e9));
        }
    }

    /** The end of the job, once: the trace is dropped so a second look at the same job does not count it again. */
    JobEnd end(JobEnd.Outcome outcome, RemixResult result, RemixError error) {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        Instant now = Instant.now();
        Duration latency = since == null ? null : Duration.between(since, now);
        Duration runTime = inferenceTime != null
                ? inferenceTime
                : runningSince == null ? null : Duration.between(runningSince, now);
        Duration queueWait = since == null
                ? null
                : runningSince != null
                        ? Duration.between(since, runningSince)
                        : runTime != null ? positive(latency.minus(runTime)) : null;
        return new JobEnd(falRequestId, outcome, result == null || result.images() == null ? 0 : result.images().size(),
                errorType(error), latency, queueWait, runTime, calls);
    }

    private static String errorType(RemixError error) {
        if (error == null) {
            return null;
        }
        return error instanceof UpstreamError upstream && upstream.startTimedOut() ? "StartTimeout" : error.type();
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
