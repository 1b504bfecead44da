package dev.characterremix.lambda.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.Printable;
import dev.characterremix.job.RemixResult;
import dev.characterremix.jobends.JobEnds;
import dev.characterremix.webhook.FalWebhookDelivery;

/**
 * What fal's webhook delivery of an HTTP job does: a completed job's output is recorded ({@link JobEnds}), so the
 * caller's next GET answers from it without asking fal. A failed job records nothing: its GET asks fal, which says
 * why. The job's metrics stay with the HTTP function, which counts the end it sees (a waiting POST, or a GET that
 * asks fal), so a job is not counted twice.
 */
@ApplicationScoped
public class HttpJobDeliveries {

    private static final Logger LOG = Logger.getLogger(HttpJobDeliveries.class);

    private final JobEnds ends;
    private final ObjectMapper mapper;

    @Inject
    public HttpJobDeliveries(JobEnds ends, ObjectMapper mapper) {
        this.ends = ends;
        this.mapper = mapper;
    }

    public boolean names(String purpose) {
        return ends.names(purpose);
    }

    /** Records the delivery's end; returns what to tell fal. */
    public String accept(FalWebhookDelivery delivery) {
        String requestId = delivery.requestId();
        if (!delivery.ok()) {
            LOG.infof("fal job %s (HTTP) failed (%s); its GET asks fal", requestId,
                    Printable.of(String.valueOf(delivery.error()), 300));
            return "failed";
        }
        if (!delivery.carriesOutput()) {
            LOG.infof("fal job %s (HTTP) ended without its output in the delivery; its GET asks fal", requestId);
            return "left to fal";
        }
        RemixResult result = delivery.result(mapper);
        if (ends.record(result)) {
            LOG.infof("fal job %s (HTTP) completed with %d image(s); its end is recorded", requestId,
                    result.images().size());
            return "recorded";
        }
        return "already recorded";
    }
}
