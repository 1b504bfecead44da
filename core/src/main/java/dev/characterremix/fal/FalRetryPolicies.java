package dev.characterremix.fal;

import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.characterremix.error.UpstreamUnavailableError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Which failures of each fal call are worth another attempt (fal-protocol.md §4). */
final class FalRetryPolicies {

    /** 0 = connection refused; 429 and ingress 502/503/504 are answered before a job is queued. */
    private static final Set<Integer> NOT_ACCEPTED_STATUSES = Set.of(0, 429, 502, 503, 504);

    private FalRetryPolicies() {
    }

    /**
     * Submit is retried only when fal cannot have accepted it: a refused connection, or 429/5xx without an
     * {@code x-fal-request-id}. Never after a read timeout or reset: every accepted submit is a billed job.
     */
    @RegisterForReflection
    public static final class SubmitNotAccepted implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof UpstreamUnavailableError unavailable && !unavailable.mayHaveBeenAccepted()
                    && NOT_ACCEPTED_STATUSES.contains(unavailable.status());
        }
    }

    /** Status checks are idempotent: retried on any transport failure, timeout, 429 and 5xx, including 500. */
    @RegisterForReflection
    public static final class StatusRetryable implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof UpstreamUnavailableError || failure instanceof TimeoutException;
        }
    }

    /** Result and cancel are idempotent too, but a 500 there is the model's own answer and is not retried. */
    @RegisterForReflection
    public static final class ReadRetryable implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof UpstreamUnavailableError unavailable && unavailable.status() != 500
                    || failure instanceof TimeoutException;
        }
    }
}
