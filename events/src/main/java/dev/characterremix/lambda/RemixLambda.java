package dev.characterremix.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.idempotency.IdempotencyKey;
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
    /**
     * The event's own field, beside fal's input: a key of the caller's choosing for this paid request, so a retried
     * invocation (the SDK's, a Step Functions retry) answers the first one's job instead of paying for another.
     */
    static final String IDEMPOTENCY_KEY = "idempotency_key";

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

    private static IdempotencyKey key(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ValidationError(ValidationError.Source.REQUEST, List.of(Violation.of(IDEMPOTENCY_KEY,
                    "must be a string")));
        }
        return IdempotencyKey.of(value.asText(), IDEMPOTENCY_KEY);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream answer, Context context) throws IOException {
        LambdaLogContext.enter(context, "direct");
        try {
            Map<String, JsonNode> envelope = new HashMap<>();
            envelope.put(IDEMPOTENCY_KEY, null);
            RemixRequestParser.Parsed parsed = parser.parse(event.readAllBytes(), envelope);
            RemixResult result = service.remix(service.accept(parsed), Caller.DIRECT,
                    key(envelope.get(IDEMPOTENCY_KEY)),
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
