package dev.characterremix.job;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.error.TimeoutError;
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
    private final JobConfig config;

    @Inject
    public RemixService(RemixRequestParser parser, RemixRequestValidator validator, FalJob job, JobConfig config) {
        this.parser = parser;
        this.validator = validator;
        this.job = job;
        this.config = config;
    }

    /** Reads and validates a JSON request; throws {@code ValidationError} listing every problem. */
    public RemixRequest accept(JsonNode json) {
        return validator.validate(parser.parse(json));
    }

    /** Reads, validates and runs a JSON request within {@code budget}. */
    public RemixResult remix(JsonNode json, Duration budget) {
        return run(accept(json), budget);
    }

    /** Validates a parsed document (e.g. raw event bytes read by the parser) and runs it within {@code budget}. */
    public RemixResult remix(RemixRequestParser.Parsed parsed, Duration budget) {
        return run(validator.validate(parsed), budget);
    }

    /** Validates and runs a request within {@code budget}. */
    public RemixResult remix(RemixRequest request, Duration budget) {
        return run(validator.validate(request), budget);
    }

    /** Runs the job, unless {@code budget} is less than {@link JobConfig#minBudget()}: then nothing is submitted. */
    private RemixResult run(RemixRequest request, Duration budget) {
        if (budget.compareTo(config.minBudget()) < 0) {
            throw new TimeoutError(budget, false, "Not enough time left to run a remix (" + budget.toMillis()
                    + " ms, at least " + config.minBudget().toMillis() + " ms needed): nothing was sent to fal");
        }
        return job.run(request, budget);
    }
}
