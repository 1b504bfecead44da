package dev.characterremix.s3;

import java.time.Duration;
import java.util.Optional;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.job.FalJob;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Remixes one upload, once: claim it, build and validate the request, submit (or resume the fal job an earlier
 * attempt already paid for), wait, copy the images and write {@code result.json}. Any failure writes
 * {@code error.json}, marks the claim failed (a retry takes it over and resumes the same fal job) and is rethrown so
 * Lambda's retries and on-failure destination see it.
 */
@ApplicationScoped
public class S3Remix {

    private static final Logger LOG = Logger.getLogger(S3Remix.class);

    /** What became of an upload. */
    public enum Outcome {
        DONE, SKIPPED
    }

    private final S3Config config;
    private final ClaimStore claims;
    private final UploadRequests requests;
    private final RemixService service;
    private final FalJob jobs;
    private final ResultWriter results;

    @Inject
    public S3Remix(S3Config config, ClaimStore claims, UploadRequests requests, RemixService service, FalJob jobs,
            ResultWriter results) {
        this.config = config;
        this.claims = claims;
        this.requests = requests;
        this.service = service;
        this.jobs = jobs;
        this.results = results;
    }

    public Outcome process(S3Upload upload, Duration budget) {
        if (!upload.underTriggerPrefix(config)) {
            LOG.infof("skipping s3://%s/%s: outside %s and %s", upload.bucket(), upload.key(), config.jobPrefix(),
                    config.inputPrefix());
            return Outcome.SKIPPED;
        }
        Optional<ClaimStore.Held> claim = claims.claim(upload);
        if (claim.isEmpty()) {
            return Outcome.SKIPPED;
        }
        ClaimStore.Held held = claim.get();
        String falRequestId = held.claim().falRequestId();
        UploadRequests.Prepared prepared = null;
        try {
            prepared = upload.kind(config) == S3Upload.Kind.IMAGE ? requests.forImage(upload)
                    : requests.forJobFile(upload);
            RemixRequest request = service.accept(prepared.toSend());
            if (falRequestId == null) {
                falRequestId = jobs.submit(request);
                held = claims.update(upload, held, Claim.State.SUBMITTED, falRequestId);
            } else {
                LOG.infof("s3://%s/%s: resuming fal job %s", upload.bucket(), upload.key(), falRequestId);
            }
            JobStatus status = jobs.await(falRequestId, budget);
            if (!status.done()) {
                throw new TimeoutError(budget, false, "fal job " + falRequestId + " was still running when the "
                        + "function had to stop; a retry resumes it");
            }
            if (status.error() != null) {
                throw status.error();
            }
            String resultKey = results.writeResult(upload, prepared.toRecord(), status.result());
            claims.update(upload, held, Claim.State.DONE, falRequestId);
            LOG.infof("s3://%s/%s remixed by fal job %s: s3://%s/%s", upload.bucket(), upload.key(), falRequestId,
                    upload.bucket(), resultKey);
            return Outcome.DONE;
        } catch (RuntimeException e) {
            fail(upload, held, prepared, falRequestId, e);
            throw e;
        }
    }

    private void fail(S3Upload upload, ClaimStore.Held held, UploadRequests.Prepared prepared, String falRequestId,
            RuntimeException failure) {
        String type = failure instanceof RemixError remix ? remix.type() : failure.getClass().getName();
        LOG.warnf("s3://%s/%s failed: %s: %s", upload.bucket(), upload.key(), type, failure.getMessage());
        try {
            results.writeError(upload, prepared == null ? null : prepared.toRecord(), falRequestId, failure);
            claims.update(upload, held, Claim.State.FAILED, falRequestId);
        } catch (RuntimeException e) {
            // The original failure still reaches Lambda; this one is only logged.
            LOG.errorf(e, "s3://%s/%s: could not record the failure", upload.bucket(), upload.key());
        }
    }
}
