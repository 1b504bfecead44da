package dev.characterremix.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ValidatorFactory;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalClient;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.idempotency.IdempotencyKey;
import dev.characterremix.idempotency.IdempotencyKeys;
import dev.characterremix.metrics.JobEnd;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.InputConfig;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RemixRequestValidator;
import dev.characterremix.request.RequestRules;
import dev.characterremix.request.SpendLimits;
import dev.characterremix.usage.DailyImageLimit;
import dev.characterremix.webhook.WebhookTargets;

/**
 * The one way to run a remix job, for every trigger (direct invocation, HTTP API, S3 uploads) and the fal proxy:
 * accept a request (read and validate it: nothing reaches fal before it is valid), submit it (counted against the
 * daily limits first, given back when fal did not take it; written as a metric), wait for it, check on it, cancel it.
 * Every error after the submit carries fal's request id, so a paid job can always be found.
 */
@ApplicationScoped
public class RemixService {

    private static final Logger LOG = Logger.getLogger(RemixService.class);
    /** The logging context key of the fal job being waited for. */
    public static final String FAL_REQUEST_ID = "falRequestId";

    private final RemixRequestParser parser;
    private final RemixRequestValidator validator;
    private final ValidatorFactory validation;
    private final SpendLimits limits;
    private final FalClient fal;
    private final FalJobReader reader;
    private final FalJobWaiter waiter;
    private final JobConfig config;
    private final JobMetrics metrics;
    private final DailyImageLimit dailyLimit;
    private final IdempotencyKeys keys;
    private final WebhookTargets webhooks;
    /** A trigger's own rules (e.g. presigned URLs and sync_mode for S3 uploads), each validator built once. */
    private final Map<RequestRules, RemixRequestValidator> validators = new ConcurrentHashMap<>();

    @Inject
    public RemixService(RemixRequestParser parser, RemixRequestValidator validator, ValidatorFactory validation,
            SpendLimits limits, InputConfig input, FalClient fal, FalJobReader reader, FalJobWaiter waiter,
            JobConfig config, JobMetrics metrics, DailyImageLimit dailyLimit, IdempotencyKeys keys,
            WebhookTargets webhooks) {
        this.parser = parser;
        this.validator = validator;
        this.validation = validation;
        this.limits = limits;
        this.fal = fal;
        this.reader = reader;
        this.waiter = waiter;
        this.config = config;
        this.metrics = metrics;
        this.dailyLimit = dailyLimit;
        this.keys = keys;
        this.webhooks = webhooks;
        validators.put(new RequestRules(input.imageReferencePolicy(), false), validator);
    }

    /** Reads and validates a JSON request; throws {@code ValidationError} listing every problem. */
    public RemixRequest accept(JsonNode json) {
        return counted(() -> validator.validate(parser.parse(json)));
    }

    /** Validates a parsed document (raw bytes read by the parser); throws {@code ValidationError}. */
    public RemixRequest accept(RemixRequestParser.Parsed parsed) {
        return counted(() -> validator.validate(parsed));
    }

    /** Validates a parsed document under a trigger's own rules (see {@link RequestRules}). */
    public RemixRequest accept(RemixRequestParser.Parsed parsed, RequestRules rules) {
        return counted(() -> validators.computeIfAbsent(rules, r -> new RemixRequestValidator(validation, r, limits))
                .validate(parsed));
    }

    /** A request refused by an operator's spend limit is counted ({@code RequestsRefused} by {@code Limit}). */
    private RemixRequest counted(Supplier<RemixRequest> validation) {
        try {
            return validation.get();
        } catch (ValidationError e) {
            e.limits().forEach(metrics::refused);
            throw e;
        }
    }

    /** Reads, validates and runs a JSON request of a direct caller within {@code budget}. */
    public RemixResult remix(JsonNode json, Duration budget) {
        return remix(accept(json), Caller.DIRECT, budget);
    }

    /** Validates and runs a parsed document of a direct caller within {@code budget}. */
    public RemixResult remix(RemixRequestParser.Parsed parsed, Duration budget) {
        return remix(accept(parsed), Caller.DIRECT, budget);
    }

    /**
     * Runs an accepted request to completion within {@code budget} (capped by the configured deadline). With less
     * than {@link JobConfig#minBudget()} nothing is submitted: a job would be paid for and cancelled at once.
     */
    public RemixResult remix(RemixRequest request, Caller caller, Duration budget) {
        return remix(request, caller, null, budget);
    }

    /**
     * Runs an accepted request to completion within {@code budget}; with an idempotency {@code key} (null: none) a
     * retry waits for the job the first attempt started instead of submitting another.
     */
    public RemixResult remix(RemixRequest request, Caller caller, IdempotencyKey key, Duration budget) {
        if (budget.compareTo(config.minBudget()) < 0) {
            throw new TimeoutError(budget, false, "Not enough time left to run a remix (" + budget.toMillis()
                    + " ms, at least " + config.minBudget().toMillis() + " ms needed): nothing was sent to fal");
        }
        Duration limit = budget.compareTo(config.deadline()) < 0 ? budget : config.deadline();
        long deadline = System.nanoTime() + limit.toNanos();
        String requestId = submitOnce(request, caller, key).falRequestId();
        try {
            JobStatus status = waiter.await(requestId, deadline);
            if (!status.done()) {
                status = waiter.timeOut(requestId, limit);
            }
            if (status.failure() != null) {
                throw status.failure();
            }
            return status.result();
        } catch (RemixError e) {
            throw e.withFalRequestId(requestId);
        }
    }

    /** A submit, or the job an earlier attempt with the same idempotency key started ({@code replayed}). */
    public record Submitted(String falRequestId, boolean replayed) {
    }

    /**
     * Queues an accepted request once per idempotency {@code key} (null: no key, every call submits): the first
     * attempt submits, a retry with the same key and request gets the same job back.
     */
    public Submitted submitOnce(RemixRequest request, Caller caller, IdempotencyKey key) {
        return submitOnce(request, caller, key, null);
    }

    /**
     * As {@link #submitOnce(RemixRequest, Caller, IdempotencyKey)}, asking fal to post the job's end to the webhook
     * route with a token naming {@code purpose} (null: no webhook).
     */
    public Submitted submitOnce(RemixRequest request, Caller caller, IdempotencyKey key, String purpose) {
        IdempotencyKeys.Ticket ticket = keys.begin(caller, key, request);
        if (ticket.replay().isPresent()) {
            return new Submitted(ticket.replay().get(), true);
        }
        String requestId;
        try {
            requestId = submit(request, caller, null, purpose);
        } catch (UpstreamUnavailableError e) {
            if (!e.mayHaveBeenAccepted()) {
                ticket.abandon();
            }
            throw e;
        } catch (RuntimeException e) {
            ticket.abandon();
            throw e;
        }
        ticket.complete(requestId);
        return new Submitted(requestId, false);
    }

    /**
     * Queues an accepted request on fal and returns fal's request id. fal drops the job, unstarted and unbilled, if
     * no runner takes it within {@code startTimeout} (null: never); such a job ends FAILED with an
     * {@link UpstreamError#startTimedOut()} error.
     */
    public String submit(RemixRequest request, Caller caller, Duration startTimeout) {
        return submit(request, caller, startTimeout, null);
    }

    /**
     * Queues an accepted request as {@link #submit(RemixRequest, Caller, Duration)} does, asking fal to post the job's
     * end to the webhook route with a token naming {@code purpose} (null, or webhooks not configured: no webhook), so
     * the job's images land even when nobody is waiting for it any more.
     */
    public String submit(RemixRequest request, Caller caller, Duration startTimeout, String purpose) {
        String webhook = purpose == null ? null : webhooks.forPurpose(purpose).orElse(null);
        return submitWith(request, caller, () -> {
            FalQueueStatus queued = FalJobReader.guarded("submit", null,
                    () -> fal.submit(request, startTimeout, webhook));
            return new Queued(queued.requestId());
        }).falRequestId().orElseThrow();
    }

    /**
     * Submits an accepted request with {@code send} (our fal client, or the proxy's forward of a caller's own
     * submit): its images are counted against the daily limits first ({@code LimitReachedError} past one), and given
     * back when fal did not take the job (refused, unreachable, or a failure before anything was sent).
     */
    public <T extends Submission> T submitWith(RemixRequest request, Caller caller, Supplier<T> send) {
        DailyImageLimit.Reservation reservation = dailyLimit.reserve(request, caller);
        Instant since = Instant.now();
        T answer;
        try {
            answer = send.get();
        } catch (UpstreamUnavailableError e) {
            if (!e.mayHaveBeenAccepted()) {
                reservation.release();
            }
            throw e;
        } catch (RuntimeException e) {
            // Anything else failed before fal answered with a job: nothing was queued.
            reservation.release();
            throw e;
        }
        if (!answer.mayHaveBeenAccepted()) {
            reservation.release();
            return answer;
        }
        answer.falRequestId().ifPresent(requestId -> {
            JobTrace.submitted(requestId, since);
            metrics.submitted(requestId, request);
            try (JobLogContext context = JobLogContext.of(requestId)) {
                LOG.infof("fal job %s submitted for %s", requestId, caller);
            }
        });
        return answer;
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
        return waiter.await(requestId, System.nanoTime() + wait.toNanos());
    }

    /**
     * Counts a completed job whose end reached us as fal's webhook delivery rather than through a waiter (nobody here
     * followed it), once, as a waiter would have.
     */
    public void completedElsewhere(String requestId, RemixResult result) {
        metrics.ended(JobTrace.of(requestId).end(JobEnd.Outcome.COMPLETED, result, null));
    }

    /** One status check; a completed job's result (or error) is fetched. */
    public JobStatus check(String requestId) {
        return reader.check(requestId);
    }

    /** Asks fal to cancel the job. */
    public CancelOutcome cancel(String requestId) {
        return reader.cancel(requestId);
    }

    /** Our own client's submit: fal took the job when it answered with a request id (else it threw). */
    private record Queued(String requestId) implements Submission {
        @Override
        public Optional<String> falRequestId() {
            return Optional.of(requestId);
        }

        @Override
        public boolean mayHaveBeenAccepted() {
            return true;
        }
    }
}
