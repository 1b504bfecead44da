package dev.characterremix.s3;

import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;

import dev.characterremix.job.JobConfig;
import dev.characterremix.lambda.LambdaLogContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * S3 uploads ({@code QUARKUS_LAMBDA_HANDLER=s3}): every {@code ObjectCreated} record under the job or input prefix is
 * remixed once. Records are handled one by one; if any failed, the invocation fails after all were tried (with the
 * first failure's type), so Lambda retries and the on-failure destination sees it, while records already done are
 * skipped on the retry by their claims.
 */
@Named("s3")
public class S3UploadLambda implements RequestHandler<S3Event, S3UploadLambda.Report> {

    private static final Logger LOG = Logger.getLogger(S3UploadLambda.class);

    /** What one invocation did. */
    @RegisterForReflection
    public record Report(int done, int skipped, int failed) {
    }

    private final S3Remix remix;
    private final JobConfig jobConfig;

    @Inject
    public S3UploadLambda(S3Remix remix, JobConfig jobConfig) {
        this.remix = remix;
        this.jobConfig = jobConfig;
    }

    @Override
    public Report handleRequest(S3Event event, Context context) {
        LambdaLogContext.enter(context);
        try {
            int done = 0;
            int skipped = 0;
            List<RuntimeException> failures = new ArrayList<>();
            List<S3EventNotificationRecord> records = event == null || event.getRecords() == null ? List.of()
                    : event.getRecords();
            for (S3EventNotificationRecord record : records) {
                if (record.getEventName() == null || !record.getEventName().startsWith("ObjectCreated:")) {
                    LOG.infof("skipping a %s event", record.getEventName());
                    skipped++;
                    continue;
                }
                try {
                    S3Remix.Outcome outcome = remix.process(S3Upload.of(record),
                            jobConfig.budget(context == null ? 0 : context.getRemainingTimeInMillis()));
                    done += outcome == S3Remix.Outcome.DONE ? 1 : 0;
                    skipped += outcome == S3Remix.Outcome.SKIPPED ? 1 : 0;
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            return new Report(done, skipped, 0);
        } finally {
            LambdaLogContext.exit();
        }
    }
}
