package dev.characterremix.s3.webhook;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.Printable;
import dev.characterremix.fal.FalOutput;
import dev.characterremix.job.RemixResult;
import dev.characterremix.metrics.JobEnd;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.s3.Claim;
import dev.characterremix.s3.ClaimStore;
import dev.characterremix.s3.ResultWriter;
import dev.characterremix.s3.S3Upload;
import dev.characterremix.webhook.FalWebhookDelivery;
import dev.characterremix.webhook.WebhookRefused;

/**
 * What fal's webhook delivery of an S3 upload's job does. The upload's claim says whose job it is:
 * <ul>
 * <li>the job the claim names: the upload's own, which its queue delivery finishes (waiting, or resuming it on a
 * redelivery); nothing to do here;</li>
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
        /** The upload's own job: its queue delivery writes the result. */
        OWN(200),
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
    private final ResultWriter results;
    private final JobMetrics metrics;
    private final ObjectMapper mapper;

    @Inject
    public UploadDeliveries(ClaimStore claims, ResultWriter results, JobMetrics metrics, ObjectMapper mapper) {
        this.claims = claims;
        this.results = results;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    public Outcome accept(S3Upload upload, FalWebhookDelivery delivery) {
        String requestId = delivery.requestId();
        Optional<Claim> claim = claims.current(upload);
        if (claim.isPresent() && requestId.equals(claim.get().falRequestId())) {
            LOG.infof("%s: fal job %s ended (%s); the upload's delivery writes its result", upload.printable(),
                    requestId, delivery.status());
            return Outcome.OWN;
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
        FalOutput output;
        try {
            output = mapper.treeToValue(delivery.payload(), FalOutput.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            output = null;
        }
        if (output == null || output.images() == null || output.images().isEmpty()) {
            throw new WebhookRefused(400, "the delivery of fal job " + requestId + " carries no images");
        }
        String key = results.writeUnclaimed(upload, new RemixResult(output.images(), output.seed(), requestId));
        LOG.warnf("%s: kept the %d image(s) of fal job %s, a paid job no delivery claims (its submit's answer was "
                + "lost): %s", upload.printable(), output.images().size(), requestId, Printable.of(key, 300));
        metrics.ended(new JobEnd(requestId, JobEnd.Outcome.COMPLETED, output.images().size(), null, null, null, null,
                0));
        return Outcome.KEPT;
    }
}
