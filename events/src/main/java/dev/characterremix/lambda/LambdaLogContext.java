package dev.characterremix.lambda;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;

import dev.characterremix.metrics.JobMetrics;

/**
 * Puts the Lambda request id in the logging context for the length of one invocation. The native poll loop does this
 * itself; the JVM runtime's stream handler does not, hence this.
 */
public final class LambdaLogContext {

    static final String AWS_REQUEST_ID = "AWSRequestId";
    /** Which trigger the invocation came by: direct or s3 (http in the HTTP function). */
    public static final String TRIGGER = JobMetrics.TRIGGER;

    private LambdaLogContext() {
    }

    public static void enter(Context context, String trigger) {
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(AWS_REQUEST_ID, context.getAwsRequestId());
        }
        MDC.put(TRIGGER, trigger);
    }

    /** The trigger a job belongs to, once known (a webhook delivery's job is an upload's or an HTTP job's). */
    public static void trigger(String trigger) {
        MDC.put(TRIGGER, trigger);
    }

    public static void exit() {
        MDC.remove(AWS_REQUEST_ID);
        MDC.remove(TRIGGER);
    }
}
