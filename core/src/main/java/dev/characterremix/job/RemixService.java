package dev.characterremix.job;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RemixRequestValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one entry point every trigger uses: read and validate the request (nothing reaches fal before it is valid),
 * then run the fal job.
 */
@ApplicationScoped
public class RemixService {

    private final RemixRequestParser parser;
    private final RemixRequestValidator validator;
    private final FalJob job;

    @Inject
    public RemixService(RemixRequestParser parser, RemixRequestValidator validator, FalJob job) {
        this.parser = parser;
        this.validator = validator;
        this.job = job;
    }

    /** Reads and validates a JSON request; throws {@code ValidationError} listing every problem. */
    public RemixRequest accept(JsonNode json) {
        return validator.validate(parser.parse(json));
    }

    /** Reads, validates and runs a JSON request within {@code budget}. */
    public RemixResult remix(JsonNode json, Duration budget) {
        return job.run(accept(json), budget);
    }

    /** Validates a parsed document (e.g. raw event bytes read by the parser) and runs it within {@code budget}. */
    public RemixResult remix(RemixRequestParser.Parsed parsed, Duration budget) {
        return job.run(validator.validate(parsed), budget);
    }

    /** Validates and runs a request within {@code budget}. */
    public RemixResult remix(RemixRequest request, Duration budget) {
        return job.run(validator.validate(request), budget);
    }
}
