package dev.characterremix.s3;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The marker that makes an upload run once: how far it got (with fal's request id once the job was accepted, so a
 * later delivery resumes that job instead of paying for a second one), which delivery and attempt hold it, and until
 * when that holder can still be working.
 *
 * @param heldUntil when the holder's invocation ends at the latest; past it (or once released) the claim is free
 * @param startTimeouts how often fal dropped this upload's job unstarted at its start deadline (each resubmitted)
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Claim(State state, String falRequestId, int attempt, Instant updatedAt, String bucket, String key,
        String revision, String delivery, String attemptId, Instant heldUntil, int startTimeouts) {

    /** CLAIMED and SUBMITTED are in flight; DONE and FAILED are outcomes (FAILED may be taken over again). */
    public enum State {
        CLAIMED, SUBMITTED, DONE, FAILED
    }

    /** A first claim of an upload by {@code by}. */
    static Claim first(S3Upload upload, Delivery by) {
        return new Claim(State.CLAIMED, null, 1, Instant.now(), upload.bucket(), upload.key(), upload.revision(),
                by.id(), by.attemptId(), by.workingUntil(), 0);
    }

    /** This claim taken over by {@code by}, keeping fal's request id so the paid job is resumed. */
    Claim takenOverBy(Delivery by) {
        return new Claim(falRequestId == null ? State.CLAIMED : State.SUBMITTED, falRequestId, attempt + 1,
                Instant.now(), bucket, key, revision, by.id(), by.attemptId(), by.workingUntil(), startTimeouts);
    }

    Claim moved(State newState, String requestId) {
        return new Claim(newState, requestId == null ? falRequestId : requestId, attempt, Instant.now(), bucket, key,
                revision, delivery, attemptId, heldUntil, startTimeouts);
    }

    /** Free for the next delivery at once (the holder gives way), still naming fal's job so it is resumed. */
    Claim released() {
        return new Claim(state, falRequestId, attempt, Instant.now(), bucket, key, revision, delivery, attemptId,
                Instant.now(), startTimeouts);
    }

    /** Free, and without the fal job that fal dropped unstarted: the next delivery submits afresh. */
    Claim releasedAfterStartTimeout() {
        return new Claim(State.CLAIMED, null, attempt, Instant.now(), bucket, key, revision, delivery, attemptId,
                Instant.now(), startTimeouts + 1);
    }

    public boolean inFlight() {
        return state == State.CLAIMED || state == State.SUBMITTED;
    }

    /** Whether the holder can no longer be working: released, or past its invocation's end (or the lease). */
    boolean stale(Instant now, java.time.Duration lease) {
        Instant until = heldUntil != null ? heldUntil : updatedAt == null ? Instant.EPOCH : updatedAt.plus(lease);
        return !until.isAfter(now);
    }
}
