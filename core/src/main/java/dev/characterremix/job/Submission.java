package dev.characterremix.job;

import java.util.Optional;

/**
 * What a submit to fal gave back, as {@link RemixService#submitWith(dev.characterremix.request.RemixRequest,
 * dev.characterremix.caller.Caller, java.util.function.Supplier)} needs to know it: fal's request id once fal took
 * the job, and whether fal may have taken it even without one (then the images stay counted).
 */
public interface Submission {

    /** fal's request id, when fal accepted the job. */
    Optional<String> falRequestId();

    /** True when fal accepted the job, or may have (an answer that carries a request id, a lost connection). */
    boolean mayHaveBeenAccepted();
}
