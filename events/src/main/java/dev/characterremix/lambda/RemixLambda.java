package dev.characterremix.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.error.RemixError;
import dev.characterremix.job.JobConfig;
import dev.characterremix.job.RemixResult;
import dev.characterremix.job.RemixService;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * Direct invocation ({@code QUARKUS_LAMBDA_HANDLER=remix}): the event is fal's remix input, the answer the result.
 * A failure is a Lambda function error whose {@code errorType} is one of {@code dev.characterremix.error.*}, so a
 * Step Functions {@code Catch} can branch on it.
 */
@Named("remix")
public class RemixLambda implements RequestHandler<JsonNode, RemixResult> {

    private static final Logger LOG = Logger.getLogger(RemixLambda.class);

    private final RemixService service;
    private final JobConfig config;

    @Inject
    public RemixLambda(RemixService service, JobConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public RemixResult handleRequest(JsonNode event, Context context) {
        LambdaLogContext.enter(context);
        try {
            return service.remix(event, config.budget(context == null ? 0 : context.getRemainingTimeInMillis()));
        } catch (RemixError e) {
            LOG.warnf("remix failed: %s: %s", e.type(), e.getMessage());
            throw e;
        } finally {
            LambdaLogContext.exit();
        }
    }
}
