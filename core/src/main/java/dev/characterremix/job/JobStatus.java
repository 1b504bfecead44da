package dev.characterremix.job;

import dev.characterremix.error.RemixError;

/**
 * Where a fal job stands: queued (with the number of jobs ahead), running, completed with its result, or failed with
 * its error.
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

    /** A job fal cancelled: done, with an error that says so for callers that need an outcome. */
    public static JobStatus cancelled(String requestId, RemixError error) {
        return new JobStatus(requestId, State.CANCELLED, null, null, error);
    }

    public boolean done() {
        return state == State.COMPLETED || state == State.FAILED || state == State.CANCELLED;
    }
}
