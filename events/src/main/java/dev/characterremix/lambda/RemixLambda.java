package dev.characterremix.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.RemixError;
import dev.characterremix.job.JobConfig;
import dev.characterremix.job.RemixResult;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequestParser;

/**
 * Direct invocation ({@code QUARKUS_LAMBDA_HANDLER=remix}): the event is fal's remix input, the answer the result.
 * The event is read from its raw bytes by the request parser, as an HTTP body is, so the same rules hold for both (a
 * duplicate key, a document that is not JSON: a {@code ValidationError}, not a runtime's parse error). A failure is a
 * Lambda function error whose {@code errorType} is one of {@code dev.characterremix.error.*}, so a Step Functions
 * {@code Catch} can branch on it.
 */
@Named("remix")
public class RemixLambda implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(RemixLambda.class);

    private final RemixService service;
    private final RemixRequestParser parser;
    private final JobConfig config;
    private final ObjectMapper mapper;

    @Inject
    public RemixLambda(RemixService service, RemixRequestParser parser, JobConfig config, ObjectMapper mapper) {
        this.service = service;
        this.parser = parser;
        this.config = config;
        this.mapper = mapper;
    }

    @Override
    public void handleRequest(InputStream event, OutputStream answer, Context context) throws IOException {
        LambdaLogContext.enter(context, "direct");
        try {
            RemixResult result = service.remix(parser.parse(event.readAllBytes()),
                    config.budget(context == null ? 0 : context.getRemainingTimeInMillis()));
            mapper.writeValue(answer, result);
        } catch (RemixError e) {
            ErrorLogging.warn(LOG, e.type(), "remix failed: %s: %s", e.type(), e.getMessage());
            throw e;
        } finally {
            LambdaLogContext.exit();
        }
    }
}
