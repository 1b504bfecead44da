package dev.characterremix.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.HibernateValidatorFactory;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.request.constraints.ImageReferencePolicy;

/**
 * Applies the Bean Validation rules of {@link RemixRequest} and reports violations under fal's JSON names, sorted by
 * field, so every trigger gives the same answer to the same bad input.
 */
@Singleton
public class RemixRequestValidator {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final Validator validator;
    /** The spend limits as {@code RequestsRefused}'s {@code Limit} dimension names them (Terraform's names). */
    public static final String RENDERING_SPEEDS = "rendering_speeds";
    public static final String MAX_IMAGES_PER_REQUEST = "max_images_per_request";

    private final SpendLimits limits;
    private final boolean syncModeAllowed;

    /** The rules of the triggers that answer with the result: the configured references, no {@code sync_mode}. */
    @Inject
    public RemixRequestValidator(ValidatorFactory factory, InputConfig config, SpendLimits limits) {
        this(factory, new RequestRules(config.imageReferencePolicy(), false), limits);
    }

    /** fal's schema alone, under {@code policy}: what tests and tools check requests against. */
    public RemixRequestValidator(ValidatorFactory factory, ImageReferencePolicy policy) {
        this(factory, new RequestRules(policy, true), SpendLimits.NONE);
    }

    public RemixRequestValidator(ValidatorFactory factory, RequestRules rules, SpendLimits limits) {
        this.validator = factory.unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(rules.references())
                .getValidator();
        this.limits = limits;
        this.syncModeAllowed = rules.syncModeAllowed();
    }

    /** Returns the request when it is valid; throws a {@link ValidationError} naming every violation otherwise. */
    public RemixRequest validate(RemixRequest request) {
        Checked checked = check(request);
        if (!checked.violations().isEmpty()) {
            throw new ValidationError(ValidationError.Source.REQUEST, checked.violations(), checked.limits());
        }
        return request;
    }

    /**
     * Validates a parsed document: the parser's problems plus the rules, skipping rule violations on fields the
     * parser already reported (a mistyped value is null by now and would also read as "is required").
     */
    public RemixRequest validate(RemixRequestParser.Parsed parsed) {
        if (parsed.request() == null) {
            return parsed.orThrow();
        }
        List<Violation> all = new ArrayList<>(parsed.problems());
        Set<String> covered = covered(parsed.problems());
        Checked checked = check(parsed.request());
        for (Violation violation : checked.violations()) {
            if (!covered.contains(violation.field())) {
                all.add(violation);
            }
        }
        if (!all.isEmpty()) {
            all.sort(Comparator.comparing(Violation::field));
            throw new ValidationError(ValidationError.Source.REQUEST, all, checked.limits());
        }
        return parsed.request();
    }

    /**
     * The fields on which a rule is moot because the parser already rejected that field or something inside it:
     * every problem's field and each field it lies in ({@code a.b[0].c} covers {@code a.b[0].c}, {@code a.b[0]},
     * {@code a.b} and {@code a}). Linear in the problems, so a long list of them costs no more than reading it.
     */
    private static Set<String> covered(List<Violation> problems) {
        Set<String> covered = new HashSet<>();
        for (Violation problem : problems) {
            String field = problem.field();
            covered.add(field);
            for (int i = field.length() - 1; i > 0; i--) {
                char c = field.charAt(i);
                if (c == '.' || c == '[') {
                    covered.add(field.substring(0, i));
                }
            }
        }
        return covered;
    }

    /** Every violation of the request, sorted by field path then message. */
    public List<Violation> violations(RemixRequest request) {
        return check(request).violations();
    }

    /** A request's violations, and the operator's limits among them (named as {@code RequestsRefused} names them). */
    private record Checked(List<Violation> violations, List<String> limits) {
    }

    private Checked check(RemixRequest request) {
        Set<ConstraintViolation<RemixRequest>> found = validator.validate(request);
        List<Violation> violations = new ArrayList<>(found.size());
        for (ConstraintViolation<RemixRequest> violation : found) {
            Object value = violation.getInvalidValue();
            boolean printable = value instanceof CharSequence || value instanceof Number || value instanceof Enum<?>;
            violations.add(Violation.of(path(violation.getPropertyPath()), violation.getMessage(),
                    printable ? value : null));
        }
        List<String> refusedBy = new ArrayList<>(2);
        violations.addAll(overLimits(request, refusedBy));
        violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        return new Checked(violations, refusedBy);
    }

    /**
     * The operator's spend limits (each one gone past named in {@code refusedBy}) and the trigger's rules; fal's own
     * ranges are the schema's business.
     */
    private List<Violation> overLimits(RemixRequest request, List<String> refusedBy) {
        List<Violation> over = new ArrayList<>(3);
        if (!syncModeAllowed && Boolean.TRUE.equals(request.syncMode())) {
            over.add(Violation.of("sync_mode", "must be false here: the images would come back inside the answer, "
                    + "over Lambda's 6 MB limit for an answer of a few images, and the paid job would be lost; the "
                    + "result has fal's image URLs instead (S3 uploads accept sync_mode)"));
        }
        RenderingSpeed speed = request.speedOrDefault();
        if (!limits.renderingSpeeds().contains(speed)) {
            refusedBy.add(RENDERING_SPEEDS);
            over.add(Violation.of("rendering_speed", "is not allowed here (allowed: " + limits.renderingSpeeds()
                    .stream().sorted().map(Enum::name).collect(Collectors.joining(", "))
                    + "; REMIX_LIMITS_RENDERING_SPEEDS)", speed));
        }
        if (request.numImages() != null && request.numImages() <= 8
                && request.numImages() > limits.maxImagesPerRequest()) {
            refusedBy.add(MAX_IMAGES_PER_REQUEST);
            over.add(Violation.of("num_images", "must be at most " + limits.maxImagesPerRequest()
                    + " here (REMIX_LIMITS_MAX_IMAGES_PER_REQUEST)", request.numImages()));
        }
        return over;
    }

    private static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(SNAKE_CASE.translate(node.getName()));
            }
        }
        return out.toString();
    }
}
