package dev.characterremix.fal;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;

/**
 * The one place where fal's answers and transport failures become the error vocabulary ({@link RemixError}).
 * Whatever fal sent back is scrubbed of the key before it can reach a message or a log line.
 */
@Singleton
public class FalErrors {

    /** The operation name of a result fetch, whose 500 is the job's own failure. */
    static final String RESULT = "result";

    private final ObjectMapper mapper;
    private final FalScrubber scrubber;

    @Inject
    public FalErrors(ObjectMapper mapper, FalScrubber scrubber) {
        this.mapper = mapper;
        this.scrubber = scrubber;
    }

    RemixError fromResponse(String operation, FalHttpException e) {
        FalErrorBody body = parse(e.body);
        String detail = scrub(detail(body, e.body));
        String errorType = body == null || body.errorType() == null ? null : scrub(body.errorType());
        if (e.status == 500 && RESULT.equals(operation)) {
            // A completed job's result answering 500 is the model's own failure (fal-protocol.md §4): the job failed,
            // and fal is not unavailable.
            return new UpstreamError(500, errorType, "fal's job failed: its result is an error (500)" + suffix(detail));
        }
        return switch (e.status) {
            case 401 -> new UpstreamAuthError(401, "fal rejected the API key (401)" + suffix(detail));
            case 403 -> new UpstreamAuthError(403, "fal refused the request (403): the key lacks the scope or the "
                    + "account is locked" + suffix(detail));
            case 422 -> new ValidationError(ValidationError.Source.FAL, violations(body, detail));
            case 408, 409, 429, 500, 502, 503, 504 -> {
                if ("user".equalsIgnoreCase(e.timeoutType)) {
                    yield UpstreamError.startTimeout(e.status, errorType, "fal dropped the job unstarted: its start "
                            + "timeout expired before a runner took it" + suffix(detail));
                }
                yield new UpstreamUnavailableError(e.status, e.falRequestId != null, retryAfter(e.retryAfter),
                        "fal is unavailable (" + e.status + (errorType == null ? "" : " " + errorType) + ") on "
                                + operation + suffix(detail),
                        null);
            }
            default -> new UpstreamError(e.status, errorType, "fal answered " + e.status + " to " + operation
                    + suffix(detail));
        };
    }

    /**
     * A call that got no HTTP answer. Only a refused connection proves fal never saw the request; after a reset or
     * a read timeout a submit may have been accepted (and billed).
     */
    RemixError fromTransport(String operation, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return new UpstreamUnavailableError(0, false, null,
                        "Could not connect to fal for " + operation + ": " + scrub(cause.getMessage()), e);
            }
            if (cause instanceof JsonProcessingException) {
                return new UpstreamError(0, null, "fal answered " + operation + " with malformed JSON", e);
            }
        }
        return new UpstreamUnavailableError(0, true, null,
                "Lost the connection to fal during " + operation + ": " + scrub(rootMessage(e)), e);
    }

    /** Failures raised by the fault-tolerance layer itself rather than by the call. */
    public static RemixError fromFaultTolerance(String operation, FaultToleranceException e) {
        if (e instanceof CircuitBreakerOpenException) {
            return new UpstreamUnavailableError(0, false, null,
                    "fal is failing; calls to " + operation + " are paused by the circuit breaker", e);
        }
        if (e instanceof TimeoutException) {
            return new UpstreamUnavailableError(0, true, null, "fal did not answer " + operation + " in time", e);
        }
        return new UpstreamUnavailableError(0, true, null, "fal call " + operation + " failed: " + e.getMessage(), e);
    }

    private FalErrorBody parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(body, FalErrorBody.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static String detail(FalErrorBody body, String raw) {
        if (body == null) {
            return raw == null ? "" : raw.strip();
        }
        if (body.detail() != null && body.detail().isTextual()) {
            return body.detail().asText();
        }
        if (body.detail() != null && !body.detail().isNull()) {
            return body.detail().toString();
        }
        if (body.message() != null) {
            return body.message();
        }
        return body.error() == null ? "" : body.error();
    }

    private List<Violation> violations(FalErrorBody body, String detail) {
        List<Violation> violations = new ArrayList<>();
        if (body != null && body.detail() != null && body.detail().isArray()) {
            for (JsonNode item : body.detail()) {
                String message = scrub(item.path("msg").asText("rejected by fal"));
                String type = scrub(item.path("type").asText(""));
                violations.add(Violation.of(scrub(location(item.path("loc"))),
                        type.isEmpty() ? message : message + " (" + type + ")"));
            }
        }
        if (violations.isEmpty()) {
            violations.add(Violation.of("", detail.isEmpty() ? "rejected by fal" : detail));
        }
        return violations;
    }

    /** fal's {@code loc} is e.g. ["body", "color_palette", "members", 0]; we report color_palette.members[0]. */
    private static String location(JsonNode loc) {
        StringBuilder path = new StringBuilder();
        for (JsonNode part : loc) {
            if (part.isInt()) {
                path.append('[').append(part.asInt()).append(']');
            } else if (!(path.isEmpty() && "body".equals(part.asText()))) {
                path.append(path.isEmpty() ? "" : ".").append(part.asText());
            }
        }
        return path.toString();
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** fal's text made safe to repeat: see {@link FalScrubber#text}. */
    public String scrub(String text) {
        return scrubber.text(text);
    }

    private static String suffix(String detail) {
        return detail == null || detail.isBlank() ? "" : ": " + detail;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
