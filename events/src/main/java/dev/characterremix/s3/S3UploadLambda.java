package dev.characterremix.s3;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.Printable;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.job.JobConfig;
import dev.characterremix.lambda.LambdaLogContext;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * S3 uploads ({@code QUARKUS_LAMBDA_HANDLER=s3}). Every {@code ObjectCreated} record under the job or input prefix is
 * remixed once.
 *
 * <p>From an SQS queue (S3 → queue → this function, through an event source mapping with
 * {@code ReportBatchItemFailures}): each message's S3 notification is handled, and a message whose upload is not
 * finished (its fal job still running, held by another delivery, or a failure that may pass) is named in
 * {@code batchItemFailures}, so SQS hands it out again after the visibility timeout and the upload's claim resumes
 * the same fal job. A message whose upload ended (done, skipped, or failed for good with {@code error.json}) is
 * consumed. The event source mapping's maximum concurrency thus bounds the jobs at fal at once. Under webhook
 * completion ({@code REMIX_S3_COMPLETION=webhook}) a message is named there right after its submit: fal's webhook
 * writes the upload's result, and the message's redelivery finds it done (or asks fal once).
 *
 * <p>From S3 directly (earlier deployments): records are handled one by one; if any failed or is unfinished, the
 * invocation fails after all were tried, so Lambda's retries and the on-failure destination see it.
 */
@Named("s3")
public class S3UploadLambda implements RequestHandler<UploadEvent, S3UploadLambda.Report> {

    private static final Logger LOG = Logger.getLogger(S3UploadLambda.class);

    /**
     * What one invocation did. For an SQS event only {@code batchItemFailures} is set (the shape Lambda reads);
     * for an S3 event, the counts.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(Integer done, Integer skipped, Integer failed, List<ItemFailure> batchItemFailures) {
    }

    /** A message SQS is to hand out again. */
    @RegisterForReflection
    public record ItemFailure(String itemIdentifier) {
    }

    private final S3Remix remix;
    private final JobConfig jobConfig;
    private final S3Config config;
    private final ObjectMapper mapper;

    @Inject
    public S3UploadLambda(S3Remix remix, JobConfig jobConfig, S3Config config, ObjectMapper mapper) {
        this.remix = remix;
        this.jobConfig = jobConfig;
        this.config = config;
        this.mapper = mapper;
    }

    @Override
    public Report handleRequest(UploadEvent event, Context context) {
        LambdaLogContext.enter(context, "s3");
        try {
            if (event != null && event.fromSqs()) {
                return fromQueue(event, context);
            }
            return fromS3(event == null ? new UploadEvent(List.of(), null) : event, context);
        } finally {
            LambdaLogContext.exit();
        }
    }

    private Report fromQueue(UploadEvent event, Context context) {
        List<ItemFailure> failures = new ArrayList<>();
        int done = 0;
        int skipped = 0;
        int failed = 0;
        for (UploadEvent.EventRecord message : event.recordsOrEmpty()) {
            S3Remix.Outcome outcome = message(message, context);
            LOG.infof("message %s (receive %d): %s%s", Printable.of(String.valueOf(message.messageId()), 100),
                    message.receiveCount(), outcome.kind(), outcome.reason() == null
                            ? ""
                            : " (" + Printable.of(outcome.reason(), 1000) + ")");
            switch (outcome.kind()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
                case PENDING, RETRY -> failures.add(new ItemFailure(message.messageId()));
            }
        }
        LOG.infof("%d message(s): %d done, %d skipped, %d failed for good, %d to be handed out again",
                event.recordsOrEmpty().size(), done, skipped, failed, failures.size());
        return new Report(null, null, null, failures);
    }

    /** One SQS message: an S3 notification (or S3's test event) in its body. */
    private S3Remix.Outcome message(UploadEvent.EventRecord message, Context context) {
        UploadEvent notification;
        try {
            notification = mapper.readValue(message.body() == null ? "" : message.body(), UploadEvent.class);
        } catch (IOException e) {
            // Not ours to drop: it goes back, and after maxReceiveCount to the dead-letter queue, where it is seen.
            LOG.errorf("message %s is not an S3 notification: %s", message.messageId(),
                    e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""));
            return S3Remix.Outcome.of(S3Remix.Outcome.Kind.RETRY, "not an S3 notification");
        }
        if (notification.testEvent()) {
            return S3Remix.Outcome.of(S3Remix.Outcome.Kind.SKIPPED, "S3's test event");
        }
        // A message is finished when every upload it names is; the kinds are ordered DONE < SKIPPED < FAILED < RETRY.
        S3Remix.Outcome worst = null;
        for (UploadEvent.EventRecord record : notification.recordsOrEmpty()) {
            long remaining = remainingMillis(context);
            S3Remix.Outcome outcome = upload(record,
                    Delivery.sqsMessage(message.messageId(), remaining, config.claimLease()), remaining);
            if (worst == null || outcome.kind().compareTo(worst.kind()) > 0) {
                worst = outcome;
            }
        }
        return worst != null ? worst : S3Remix.Outcome.of(S3Remix.Outcome.Kind.SKIPPED, "no upload named");
    }

    private Report fromS3(UploadEvent event, Context context) {
        int done = 0;
        int skipped = 0;
        List<RuntimeException> failures = new ArrayList<>();
        for (UploadEvent.EventRecord record : event.recordsOrEmpty()) {
            long remaining = remainingMillis(context);
            S3Remix.Outcome outcome = upload(record, Delivery.lambdaRequest(
                    context == null ? null : context.getAwsRequestId(), remaining, config.claimLease()), remaining);
            switch (outcome.kind()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case FAILED, PENDING, RETRY -> failures.add(outcome.failure() != null
                        ? outcome.failure()
                        : new TimeoutError(Duration.ZERO, false, "the upload is not finished (" + outcome.reason()
                                + "); a retry resumes it"));
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return new Report(done, skipped, 0, null);
    }

    /** One S3 notification record: anything but a created object is skipped. */
    private S3Remix.Outcome upload(UploadEvent.EventRecord record, Delivery delivery, long remainingMillis) {
        if (record.eventName() == null || !record.eventName().startsWith("ObjectCreated:")) {
            LOG.infof("skipping a %s event", Printable.of(String.valueOf(record.eventName()), 80));
            return S3Remix.Outcome.of(S3Remix.Outcome.Kind.SKIPPED, "not an ObjectCreated event");
        }
        var upload = S3Upload.of(record);
        if (upload.isEmpty()) {
            LOG.warnf("skipping an %s record that names no object", Printable.of(record.eventName(), 80));
            return S3Remix.Outcome.of(S3Remix.Outcome.Kind.SKIPPED, "no object named");
        }
        Duration budget = jobConfig.budget(remainingMillis);
        // Below the least time worth a job, a record is not started: the time would only buy a submit without a result.
        if (remainingMillis > 0 && budget.compareTo(jobConfig.minBudget()) < 0) {
            return S3Remix.Outcome.of(S3Remix.Outcome.Kind.RETRY, "no time left in this invocation");
        }
        try {
            return remix.process(upload.get(), delivery, budget, record.uploadedAt());
        } catch (RuntimeException e) {
            // The claim itself could not be read or written (S3 unavailable): nothing was submitted.
            LOG.errorf("%s could not be claimed: %s", upload.get().printable(), e.getMessage());
            return new S3Remix.Outcome(S3Remix.Outcome.Kind.RETRY, "claim failed: " + e.getMessage(), e);
        }
    }

    private static long remainingMillis(Context context) {
        return context == null ? 0 : context.getRemainingTimeInMillis();
    }
}
