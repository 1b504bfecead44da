package dev.characterremix.fal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.request.RemixRequest;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;

/**
 * fal's queue API with fault tolerance. Each call has a timeout, a retry policy that fits its idempotency and a
 * circuit breaker so a dead fal fails fast. Failures come out as {@link RemixError}s; the fault-tolerance layer's own
 * exceptions (breaker open, timeout) are translated by {@link FalErrors#fromFaultTolerance}. All numbers can be tuned
 * through {@code quarkus.fault-tolerance."dev.characterremix.fal.FalClient/<method>".*}.
 */
@ApplicationScoped
public class FalClient {

    /** What a cancel request achieved. */
    public enum CancelOutcome {
        CANCELLATION_REQUESTED, ALREADY_COMPLETED, NOT_FOUND
    }

    /** Not a request id fal hands out: the probe can never read a real job. */
    public static final String PROBE_REQUEST_ID = "00000000-0000-0000-0000-000000000000";

    private final FalQueueApi api;
    private final FalStatusStreamApi streams;
    private final FalErrors errors;
    private final FalKeyProvider keys;
    private final ObjectMapper mapper;

    @Inject
    public FalClient(@RestClient FalQueueApi api, @RestClient FalStatusStreamApi streams, FalErrors errors,
            FalKeyProvider keys, ObjectMapper mapper) {
        this.api = api;
        this.streams = streams;
        this.errors = errors;
        this.keys = keys;
        this.mapper = mapper;
    }

    /**
     * Queues a remix job that fal drops, unbilled, if no runner has started it within {@code startTimeout} (null:
     * no deadline), and returns fal's IN_QUEUE status with the request id. fal posts the job's end to
     * {@code webhook} (null: no webhook).
     */
    @Retry(maxRetries = 3, delay = 500, jitter = 250, maxDuration = 30_000)
    @RetryWhen(exception = FalRetryPolicies.SubmitNotAccepted.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4_000)
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public FalQueueStatus submit(RemixRequest input, Duration startTimeout, String webhook) {
        String header = startTimeout == null ? null : seconds(startTimeout);
        FalQueueStatus status = call("submit", () -> api.submit(input, header, webhook));
        if (status == null || status.requestId() == null || status.requestId().isBlank()) {
            throw new UpstreamError(0, null, "fal accepted the submit but sent no request_id");
        }
        return status;
    }

    /** The job's queue status; 202 and 200 are both answers, the {@code status} field tells them apart. */
    @Retry(maxRetries = 5, delay = 250, jitter = 100, maxDuration = 30_000)
    @RetryWhen(exception = FalRetryPolicies.StatusRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4_000)
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public FalQueueStatus status(String requestId) {
        FalQueueStatus status = call("status", () -> api.status(requestId));
        if (status == null || status.status() == null) {
            throw new UpstreamError(0, null, "fal answered the status check without a status");
        }
        return status;
    }

    /**
     * Opens the job's status stream and reads its first status (see {@link FalStatusStream}). Not retried: a
     * stream that cannot be opened is replaced by polling, which has its own retries. The breaker is the stream's
     * own, so a fal (or a proxy in front of it) that does not stream sends every job straight to polling. Opened for
     * {@link #PROBE_REQUEST_ID} (start-up priming), fal's answer closes the connection.
     */
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public FalStatusStream statusStream(String requestId, Duration quiet) {
        return call("status stream", () -> {
            try {
                // The probe's answer closes its connection, as probe()'s does: none is left in a snapshot.
                String connection = PROBE_REQUEST_ID.equals(requestId) ? "close" : null;
                return FalStatusStream.open(streams.statusStream(requestId, connection), mapper, quiet);
            } catch (FalStatusStream.Cut e) {
                throw new UpstreamUnavailableError(0, false, null, e.getMessage(), e);
            }
        });
    }

    /** The finished job's output. */
    @Retry(maxRetries = 3, delay = 250, jitter = 100, maxDuration = 30_000)
    @RetryWhen(exception = FalRetryPolicies.ReadRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4_000)
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public FalOutput result(String requestId) {
        FalOutput output = call(FalErrors.RESULT, () -> api.result(requestId));
        if (output == null || output.images() == null || output.images().isEmpty()
                || output.images().stream().anyMatch(image -> image == null || image.url() == null)) {
            throw new UpstreamError(0, null, "fal's result has no image URLs");
        }
        return output;
    }

    /** Asks fal to drop a queued job or stop a running one. */
    @Retry(maxRetries = 2, delay = 250, jitter = 100, maxDuration = 10_000)
    @RetryWhen(exception = FalRetryPolicies.ReadRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2_000)
    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public CancelOutcome cancel(String requestId) {
        return call("cancel", () -> {
            try {
                api.cancel(requestId);
                return CancelOutcome.CANCELLATION_REQUESTED;
            } catch (FalHttpException e) {
                // Two of fal's answers to a cancel are outcomes, not failures.
                if (e.status == 400 && e.body != null && e.body.contains("ALREADY_COMPLETED")) {
                    return CancelOutcome.ALREADY_COMPLETED;
                }
                if (e.status == 404) {
                    return CancelOutcome.NOT_FOUND;
                }
                throw e;
            }
        });
    }

    /**
     * Invoke priming: one status read for a request id no job can have, so that the REST client, its HTTP stack and
     * the TLS handshake with fal have run once before the first caller needs them. Nothing is queued or billed, and
     * fal's answer (an error for the unknown id) is of no interest: the caller ignores the outcome. The connection
     * is closed after the answer, so a SnapStart snapshot holds no connection that would be dead after a restore.
     * <p>
     * It goes through the same fault-tolerance stack as the calls it warms up (retry with its predicate and backoff,
     * timeout, breaker), so that stack's code is loaded and run before the first job rather than in it, but with no
     * retry and a breaker of its own: a failed probe neither waits nor counts against fal.
     */
    @Retry(maxRetries = 0)
    @RetryWhen(exception = FalRetryPolicies.StatusRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2_000)
    @Timeout(5_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public void probe() {
        api.statusOnce(PROBE_REQUEST_ID);
    }

    /** fal reads the start deadline as decimal seconds; its clients refuse 1 s or less. */
    static String seconds(Duration timeout) {
        if (timeout.compareTo(Duration.ofSeconds(1)) <= 0) {
            throw new IllegalArgumentException("fal's start timeout must be over 1 s (got " + timeout + ")");
        }
        return BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private <T> T call(String operation, Supplier<T> call) {
        // Fail before the network when there is no key: never a call to fal without one.
        keys.key();
        try {
            return attempt(operation, call);
        } catch (UpstreamAuthError e) {
            // A 401 after a rotation: read the key again and, if it changed, try once more. Safe even for submit,
            // since fal accepted nothing.
            if (e.status() == 401 && keys.refresh()) {
                return attempt(operation, call);
            }
            throw e;
        }
    }

    private <T> T attempt(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (FalHttpException e) {
            throw errors.fromResponse(operation, e);
        } catch (ProcessingException e) {
            throw errors.fromTransport(operation, e);
        } catch (WebApplicationException e) {
            throw new UpstreamError(e.getResponse().getStatus(), null,
                    "fal answered " + operation + " unexpectedly (" + e.getResponse().getStatus() + ")", e);
        }
    }
}
