package dev.characterremix.job;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamError;

/**
 * Where a fal job stands: queued (with the number of jobs ahead), running, completed with its result, failed with its
 * error, or cancelled (no error: a cancel is an outcome someone asked for, not a failure).
 */
public record JobStatus(String requestId, State state, Integer queuePosition, RemixResult result, RemixError error) {

    /**
     * The lifecycle of a job as callers see it; FAILED is fal's COMPLETED with an error, CANCELLED its COMPLETED
     * after a cancel took effect.
     */
    public enum State {
        IN_QUEUE, IN_PROGRESS, COMPLETED, FAILED, CANCELLED
    }

    public static JobStatus completed(RemixResult result) {
        return new JobStatus(result.requestId(), State.COMPLETED, null, result, null);
    }

    public static JobStatus failed(String requestId, RemixError error) {
        return new JobStatus(requestId, State.FAILED, null, null, error);
    }

    /** A job fal cancelled: done, without a result and without an error. */
    public static JobStatus cancelled(String requestId) {
        return new JobStatus(requestId, State.CANCELLED, null, null, null);
    }

    /**
     * Why a done job has no result, for a caller that waited for one (a direct invocation, an S3 upload): its error,
     * or for a cancelled job an {@link UpstreamError} of fal's type {@code client_cancelled}; null when it has one.
     */
    public RemixError failure() {
        if (state == State.CANCELLED) {
            return new UpstreamError(0, FalJobReader.CANCELLED, "fal job " + requestId + " was cancelled before it "
                    + "completed").withFalRequestId(requestId);
        }
        return error;
    }

    public boolean done() {
        return state == State.COMPLETED || state == State.FAILED || state == State.CANCELLED;
    }
}
