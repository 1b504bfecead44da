package dev.characterremix.s3;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.Printable;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixResult;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RequestRules;
import dev.characterremix.webhook.WebhookConfig;

/**
 * Remixes one upload, once: claim it, build and validate the request, submit (or resume the fal job an earlier
 * delivery already paid for), wait within the budget, copy the images and write {@code result.json}.
 *
 * <p>Every upload ends in one of three ways. DONE and SKIPPED need nothing more. FAILED is final (the request is
 * invalid, or fal finished the job with an error): {@code error.json} says why. PENDING (webhook completion) is not an
 * outcome: the job is at fal, and its webhook finishes the upload ({@link #finish}). RETRY is not one either: the job is
 * still running at fal, another delivery holds the upload, fal dropped the job unstarted at its start deadline, or a
 * failure that may pass (fal or S3 unavailable) got in the way; the claim is released with fal's request id in it,
 * so the next delivery resumes the same fal job at once and never submits a second.
 */
@ApplicationScoped
public class S3Remix {

    private static final Logger LOG = Logger.getLogger(S3Remix.class);
    /** The logging context key of the upload being handled. */
    static final String S3_KEY = "s3Key";

    /** What became of an upload in this delivery. */
    public record Outcome(Kind kind, String reason, RuntimeException failure) {

        /**
         * PENDING: submitted (or still running at fal) with {@code webhook} completion: fal's webhook writes the
         * result, and the message comes back only to ask fal once, in case the delivery never arrives.
         */
        public enum Kind {
            DONE, SKIPPED, FAILED, PENDING, RETRY
        }

        static Outcome of(Kind kind, String reason) {
            return new Outcome(kind, reason, null);
        }
    }

    private final S3Config config;
    private final ClaimStore claims;
    private final UploadRequests requests;
    private final RemixRequestParser parser;
    private final RequestRules rules;
    private final RemixService jobs;
    private final ResultWriter results;
    private final ObjectMapper mapper;

    @Inject
    public S3Remix(S3Config config, ClaimStore claims, UploadRequests requests, RemixRequestParser parser,
            @Named(UploadRules.NAME) RequestRules rules, RemixService jobs, ResultWriter results,
            ObjectMapper mapper, WebhookConfig webhooks) {
        if (config.falStartTimeout().compareTo(config.presignTtl()) >= 0) {
            throw new IllegalStateException("remix.s3.fal-start-timeout (" + config.falStartTimeout() + ") must be "
                    + "shorter than remix.s3.presign-ttl (" + config.presignTtl() + "), or fal could start a job "
                    + "whose input URLs have expired");
        }
        if (config.completion() == S3Config.Completion.WEBHOOK && webhooks.url().isEmpty()) {
            throw new IllegalStateException("remix.s3.completion=webhook needs remix.webhook.url: without fal's "
                    + "webhook, only the queue's redeliveries would ever see a job end");
        }
        this.config = config;
        this.claims = claims;
        this.requests = requests;
        this.parser = parser;
        this.rules = rules;
        this.jobs = jobs;
        this.results = results;
        this.mapper = mapper;
    }

    public Outcome process(S3Upload upload, Delivery delivery, Duration budget) {
        return process(upload, delivery, budget, null);
    }

    /** {@code uploadedAt}: when S3 saw the upload (null if unknown), where the job's latency is measured from. */
    public Outcome process(S3Upload upload, Delivery delivery, Duration budget, Instant uploadedAt) {
        MDC.put(S3_KEY, upload.printable());
        try {
            return processUpload(upload, delivery, budget, uploadedAt);
        } finally {
            MDC.remove(S3_KEY);
        }
    }

    private Outcome processUpload(S3Upload upload, Delivery delivery, Duration budget, Instant uploadedAt) {
        String where = upload.printable();
        if (!upload.underTriggerPrefix(config)) {
            LOG.infof("skipping %s: outside %s and %s", where, config.jobPrefix(), config.inputPrefix());
            return Outcome.of(Outcome.Kind.SKIPPED, "outside the trigger prefixes");
        }
        if (upload.kind(config) == S3Upload.Kind.OTHER) {
            LOG.infof("skipping %s: a folder marker, or not a .json job file", where);
            return Outcome.of(Outcome.Kind.SKIPPED, "not a job file or an image");
        }
        if (!upload.keyFits(config)) {
            ValidationError tooLong = new ValidationError(ValidationError.Source.REQUEST, List.of(Violation.of("",
                    "the key is too long to be processed: its claim and results must fit S3's limit of 1024 bytes")));
            LOG.warnf("%s: %s", where, tooLong.getMessage());
            results.writeError(upload, null, null, tooLong, false);
            return new Outcome(Outcome.Kind.FAILED, describe(tooLong), tooLong);
        }
        ClaimStore.Attempt attempt = claims.claim(upload, delivery);
        if (!attempt.acquired()) {
            return notAcquired(attempt);
        }
        ClaimStore.Held held = attempt.held();
        String falRequestId = held.claim().falRequestId();
        UploadRequests.Prepared prepared = null;
        try {
            prepared = prepare(upload);
            RemixRequest request = jobs.accept(parser.parse(prepared.toSend()), rules);
            boolean byWebhook = config.completion() == S3Config.Completion.WEBHOOK && delivery.fromQueue();
            if (falRequestId == null) {
                // With webhooks on, fal also posts the job's end: if this invocation dies before fal's answer to the
                // submit arrives, the images of the job it paid for are still kept (webhook.UploadDeliveries).
                falRequestId = jobs.submit(request, Caller.S3, config.falStartTimeout(),
                        UploadPurpose.of(upload, mapper));
                held = recordSubmit(upload, held, falRequestId);
                if (byWebhook) {
                    // Nothing to wait for here: the claim is given back naming the job, so fal's webhook (or the
                    // message's redelivery, whichever comes first) takes it over and writes the result.
                    release(upload, held, falRequestId);
                    return Outcome.of(Outcome.Kind.PENDING, "fal job " + falRequestId + " submitted; fal's webhook "
                            + "writes its result");
                }
            } else {
                LOG.infof("%s: resuming fal job %s", where, falRequestId);
            }
            jobs.startedAt(falRequestId, uploadedAt);
            // A redelivery under webhook completion asks fal once: it is the safety net, not a waiter.
            JobStatus status = byWebhook ? jobs.check(falRequestId) : jobs.await(falRequestId, budget);
            if (!status.done()) {
                release(upload, held, falRequestId);
                return Outcome.of(byWebhook ? Outcome.Kind.PENDING : Outcome.Kind.RETRY, "fal job " + falRequestId
                        + " still " + status.state()
                        + (status.queuePosition() == null ? "" : " at queue position " + status.queuePosition()));
            }
            if (status.error() instanceof UpstreamError dropped && dropped.startTimedOut()) {
                LOG.warnf("%s: fal dropped job %s unstarted at its start deadline (%s); the next delivery submits "
                        + "it again with fresh URLs", where, falRequestId, config.falStartTimeout());
                release(upload, held, null);
                return Outcome.of(Outcome.Kind.RETRY, "fal job " + falRequestId + " dropped at its start deadline");
            }
            if (status.failure() != null) {
                throw status.failure();
            }
            String resultKey = results.writeResult(upload, prepared.toRecord(), status.result());
            LOG.infof("%s remixed by fal job %s: %s", where, falRequestId, Printable.of(resultKey, 300));
            return markDone(upload, held, falRequestId, resultKey);
        } catch (RuntimeException e) {
            boolean retry = mayPass(e);
            record(upload, held, prepared, falRequestId, e, retry);
            return new Outcome(retry ? Outcome.Kind.RETRY : Outcome.Kind.FAILED, describe(e), e);
        }
    }

    /**
     * Writes the result of the upload's own fal job {@code falRequestId} from fal's webhook delivery, when no delivery
     * of the queue is working on the upload (the claim is free: released after a submit under webhook completion, or
     * its holder is gone). The claim decides, as between two queue deliveries: whoever takes it first writes the
     * result and marks it done; the other finds it done (SKIPPED) or held (RETRY: the holder writes it). Null when the
     * claim no longer names this job (it is not the upload's own).
     */
    public Outcome finish(S3Upload upload, Delivery delivery, String falRequestId, RemixResult result) {
        MDC.put(S3_KEY, upload.printable());
        try {
            ClaimStore.Attempt attempt = claims.claim(upload, delivery);
            if (!attempt.acquired()) {
                return notAcquired(attempt);
            }
            ClaimStore.Held held = attempt.held();
            if (!falRequestId.equals(held.claim().falRequestId())) {
                release(upload, held, held.claim().falRequestId());
                return null;
            }
            try {
                String resultKey = results.writeResult(upload, prepare(upload).toRecord(), result);
                jobs.completedElsewhere(falRequestId, result);
                LOG.infof("%s remixed by fal job %s (from fal's webhook): %s", upload.printable(), falRequestId,
                        Printable.of(resultKey, 300));
                return markDone(upload, held, falRequestId, resultKey);
            } catch (RuntimeException e) {
                // The queue's redelivery asks fal for the same job and writes it then.
                release(upload, held, falRequestId);
                return new Outcome(Outcome.Kind.RETRY, describe(e), e);
            }
        } finally {
            MDC.remove(S3_KEY);
        }
    }

    /** A claim someone else has: the upload is done (SKIPPED), or its holder is on it (RETRY later). */
    private static Outcome notAcquired(ClaimStore.Attempt attempt) {
        return attempt.alreadyDone()
                ? Outcome.of(Outcome.Kind.SKIPPED, "already done")
                : Outcome.of(Outcome.Kind.RETRY, "held by " + attempt.blocking().delivery());
    }

    private UploadRequests.Prepared prepare(S3Upload upload) {
        return upload.kind(config) == S3Upload.Kind.IMAGE ? requests.forImage(upload) : requests.forJobFile(upload);
    }

    /** The result is written; if the claim cannot say so, the next delivery finds the job done and writes it again. */
    private Outcome markDone(S3Upload upload, ClaimStore.Held held, String falRequestId, String resultKey) {
        try {
            claims.update(upload, held, Claim.State.DONE, falRequestId);
            return Outcome.of(Outcome.Kind.DONE, resultKey);
        } catch (RuntimeException e) {
            LOG.errorf("%s: the result is written but the claim could not be marked done: %s", upload.printable(),
                    e.getMessage());
            return new Outcome(Outcome.Kind.RETRY, "claim not marked done", e);
        }
    }

    /**
     * Final: the request is invalid (ours or fal's 422), today's images are spent (upload it again once the daily
     * limit resets: retrying through the day would only fill the dead-letter queue), or fal answered in a way a retry will not change (the job
     * finished with an error, an unexpected 4xx, a result outside fal's hosts). Everything else may pass: fal or S3
     * unavailable, a missing or refused key that the operator can fix, an unexpected failure of our own.
     */
    static boolean mayPass(RuntimeException e) {
        return !(e instanceof ValidationError) && !(e instanceof LimitReachedError)
                && !(e instanceof UpstreamError upstream && !upstream.startTimedOut());
    }

    /**
     * fal's request id goes into the claim before anything else happens: it is what lets a later delivery resume the
     * paid job. If S3 refuses even after the SDK's retries, the job is still waited for; the claim is written again
     * when the job ends.
     */
    private ClaimStore.Held recordSubmit(S3Upload upload, ClaimStore.Held held, String falRequestId) {
        try {
            return claims.update(upload, held, Claim.State.SUBMITTED, falRequestId);
        } catch (RuntimeException e) {
            LOG.errorf("%s: fal job %s could not be recorded in the claim yet: %s", upload.printable(), falRequestId,
                    e.getMessage());
            return held;
        }
    }

    /**
     * Gives the claim back at once, naming fal's job so the next delivery resumes it ({@code falRequestId} null: fal
     * dropped it unstarted, and the next delivery submits afresh). If S3 refuses, the claim stays this delivery's
     * until its invocation's end, and a redelivery of the same message takes it over at once anyway.
     */
    private void release(S3Upload upload, ClaimStore.Held held, String falRequestId) {
        try {
            claims.change(upload, held, claim -> falRequestId == null
                    ? claim.releasedAfterStartTimeout()
                    : claim.moved(Claim.State.SUBMITTED, falRequestId).released());
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not release the claim (%s); it frees itself when this invocation ends",
                    upload.printable(), e.getMessage());
        }
    }

    private void record(S3Upload upload, ClaimStore.Held held, UploadRequests.Prepared prepared, String falRequestId,
            RuntimeException failure, boolean retrying) {
        String type = failure instanceof RemixError remix ? remix.type() : failure.getClass().getName();
        ErrorLogging.warn(LOG, type, "%s failed%s: %s: %s", upload.printable(), retrying ? " (will be retried)" : "",
                type, failure.getMessage());
        try {
            results.writeError(upload, prepared == null ? null : prepared.toRecord(), falRequestId, failure, retrying);
            claims.change(upload, held, claim -> {
                Claim moved = claim.moved(retrying ? claim.state() : Claim.State.FAILED, falRequestId);
                return retrying ? moved.released() : moved;
            });
        } catch (RuntimeException e) {
            // The failure is still reported to the caller; this one is only logged.
            LOG.errorf(e, "%s: could not record the failure", upload.printable());
        }
    }

    private static String describe(RuntimeException e) {
        return (e instanceof RemixError remix ? remix.type() : e.getClass().getSimpleName()) + ": " + e.getMessage();
    }
}
