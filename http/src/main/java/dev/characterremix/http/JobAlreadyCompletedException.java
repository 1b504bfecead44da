package dev.characterremix.http;

import dev.characterremix.error.Printable;

/** A cancel of a job fal has already completed: nothing to cancel (409). */
public class JobAlreadyCompletedException extends RuntimeException {

    private final String falRequestId;

    public JobAlreadyCompletedException(String handle, String falRequestId) {
        super("Job " + Printable.of(handle, 100) + " has already completed; nothing to cancel", null, false, false);
        this.falRequestId = falRequestId;
    }

    /** fal's request id of the job, for tracing. */
    public String falRequestId() {
        return falRequestId;
    }
}
