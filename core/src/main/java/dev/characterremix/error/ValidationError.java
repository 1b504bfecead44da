package dev.characterremix.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a remix request breaks the input schema: by our own checks before anything is sent to fal, or by fal
 * answering 422. Lists every violation at once.
 */
public final class ValidationError extends RemixError {

    /** Who found the problem: our validation (nothing was sent to fal) or fal itself. */
    public enum Source {
        REQUEST, FAL
    }

    private final transient List<Violation> violations;
    private final transient List<String> limits;
    private final Source source;

    public ValidationError(Source source, List<Violation> violations) {
        this(source, violations, List.of());
    }

    /** A request that also went past the operator's {@code limits} (named as in {@code RequestsRefused}). */
    public ValidationError(Source source, List<Violation> violations, List<String> limits) {
        super(describe(source, violations));
        this.source = source;
        this.violations = List.copyOf(violations);
        this.limits = List.copyOf(limits);
    }

    /** The operator's spend limits the request went past (none for a request that only breaks fal's schema). */
    public List<String> limits() {
        return limits;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Source source() {
        return source;
    }

    private static String describe(Source source, List<Violation> violations) {
        String prefix = source == Source.FAL ? "fal rejected the request: " : "Invalid remix request: ";
        return prefix + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
