package dev.characterremix.s3.webhook;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.Printable;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixResult;
import dev.characterremix.job.RemixService;
import dev.characterremix.metrics.JobEnd;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.s3.Claim;
import dev.characterremix.s3.ClaimStore;
import dev.characterremix.s3.Delivery;
import dev.characterremix.s3.ResultWriter;
import dev.characterremix.s3.S3Config;
import dev.characterremix.s3.S3Remix;
import dev.characterremix.s3.S3Upload;
import dev.characterremix.webhook.FalWebhookDelivery;

/**
 * What fal's webhook delivery of an S3 upload's job does. The upload's claim says whose job it is:
 * <ul>
 * <li>the job the claim names: the upload's own. When no queue delivery is working on it (the claim was released
 * after a submit under webhook completion, or its holder is gone) the delivery takes the claim and writes the result,
 * exactly as a queue delivery would ({@link S3Remix#finish}); when one is, that one writes it. A failed job is left to
 * the queue delivery, which asks fal for the job's error and records it;</li>
 * <li>another job, or an upload whose outcome is already written: a paid job nobody claims any more (its submit's
 * answer was lost and a later delivery submitted again). Its images are kept beside the upload's result
 * ({@code unclaimed/<fal request id>/}) and the job is counted: no paid image is lost;</li>
 * <li>no job yet while a delivery holds the upload: too early to tell (the holder may be about to record this very
 * job), so the delivery is answered 409 and fal delivers it again later.</li>
 * </ul>
 */
@ApplicationScoped
public class UploadDeliveries {

    private static final Logger LOG = Logger.getLogger(UploadDeliveries.class);

    /** What became of a delivery, as the HTTP status to answer fal with. */
    public enum Outcome {
        /** The upload's own job: its queue delivery writes the result (or already did). */
        OWN(200),
        /** The upload's own job, its result written from this delivery. */
        WRITTEN(200),
        /** The upload's own job, its result not writable now (S3 failing): fal delivers it again later. */
        UNAVAILABLE(503),
        /** An unclaimed job's images were kept (or were already). */
        KEPT(200),
        /** An unclaimed job that failed at fal: nothing to keep. */
        FAILED(200),
        /** Too early to tell whose job it is: fal delivers it again later. */
        LATER(409);

        public final int status;

        Outcome(int status) {
            this.status = status;
        }
    }

    private final ClaimStore claims;
    private final S3Remix remix;
    private final ResultWriter results;
    private final RemixService jobs;
    private final JobMetrics metrics;
    private final S3Config config;
    private final ObjectMapper mapper;

    @Inject
    public UploadDeliveries(ClaimStore claims, S3Remix remix, ResultWriter results, RemixService jobs,
            JobMetrics metrics, S3Config config, ObjectMapper mapper) {
        this.claims = claims;
        this.remix = remix;
        this.results = results;
        this.jobs = jobs;
        this.metrics = metrics;
        this.config = config;
        this.mapper = mapper;
    }

    /** {@code remainingMillis}: the time left in this invocation (0: unknown), how long it may hold the claim. */
    public Outcome accept(S3Upload upload, FalWebhookDelivery delivery, long remainingMillis) {
        String requestId = delivery.requestId();
        Optional<Claim> claim = claims.current(upload);
        if (claim.isPresent() && requestId.equals(claim.get().falRequestId())) {
            Outcome own = own(upload, delivery, remainingMillis);
            if (own != null) {
                return own;
            }
            // Between the look and the take, the claim moved on to another job: this one is unclaimed now.
            claim = claims.current(upload);
        }
        if (claim.isPresent() && claim.get().falRequestId() == null && claim.get().inFlight()) {
            LOG.infof("%s: fal job %s ended before the upload's delivery named its job; asking fal to deliver again",
                    upload.printable(), requestId);
            return Outcome.LATER;
        }
        if (!delivery.ok()) {
            LOG.warnf("%s: unclaimed fal job %s failed at fal (%s): nothing to keep", upload.printable(), requestId,
                    Printable.of(String.valueOf(delivery.error()), 300));
            metrics.ended(new JobEnd(requestId, JobEnd.Outcome.FAILED, 0, "UpstreamError", null, null, null, 0));
            return Outcome.FAILED;
        }
        RemixResult result;
        if (delivery.carriesOutput()) {
            result = delivery.result(mapper);
            jobs.completedElsewhere(requestId, result);
        } else {
            // fal left the output out of the delivery: it is still at fal (fetching it counts the job).
            JobStatus status = jobs.check(requestId);
            if (status.result() == null) {
                LOG.warnf("%s: unclaimed fal job %s came without its output and fal has none to give now (%s); "
                        + "asking fal to deliver again", upload.printable(), requestId, status.state());
                return Outcome.LATER;
            }
            result = status.result();
        }
        String key = results.writeUnclaimed(upload, result);
        LOG.warnf("%s: kept the %d image(s) of fal job %s, a paid job no delivery claims (its submit's answer was "
                + "lost): %s", upload.printable(), result.images().size(), requestId, Printable.of(key, 300));
        return Outcome.KEPT;
    }

    /** The upload's own job: written here when nobody else is on it; null when the claim moved to another job. */
    private Outcome own(S3Upload upload, FalWebhookDelivery delivery, long remainingMillis) {
        String requestId = delivery.requestId();
        if (!delivery.ok() || !delivery.carriesOutput()) {
            LOG.infof("%s: fal job %s ended %s; the upload's queue delivery asks fal for it", upload.printable(),
                    requestId, delivery.ok()
                            ? "without its output in the delivery"
                            : "failed (" + Printable.of(String.valueOf(delivery.error()), 300) + ")");
            return Outcome.OWN;
        }
        S3Remix.Outcome finished = remix.finish(upload, Delivery.webhook(requestId, remainingMillis,
                config.claimLease()), requestId, delivery.result(mapper));
        if (finished == null) {
            return null;
        }
        LOG.infof("%s: fal job %s ended; %s", upload.printable(), requestId,
                finished.kind() == S3Remix.Outcome.Kind.DONE
                        ? "its result is written"
                        : "nothing to write here (" + Printable.of(finished.reason(), 300) + ")");
        return switch (finished.kind()) {
            case DONE -> Outcome.WRITTEN;
            case RETRY -> finished.failure() != null ? Outcome.UNAVAILABLE : Outcome.OWN;
            default -> Outcome.OWN;
        };
    }
}
