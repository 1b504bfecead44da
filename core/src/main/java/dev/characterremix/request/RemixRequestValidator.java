package dev.characterremix.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.request.constraints.ImageReferencePolicy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidatorFactory;

/**
 * Applies the Bean Validation rules of {@link RemixRequest} and reports violations under fal's JSON names, sorted by
 * field, so every trigger gives the same answer to the same bad input.
 */
@Singleton
public class RemixRequestValidator {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final Validator validator;

    @Inject
    public RemixRequestValidator(ValidatorFactory factory, InputConfig config) {
        this(factory, config.imageReferencePolicy());
    }

    public RemixRequestValidator(ValidatorFactory factory, ImageReferencePolicy policy) {
        this.validator = factory.unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(policy)
                .getValidator();
    }

    /** Returns the request when it is valid; throws a {@link ValidationError} naming every violation otherwise. */
    public RemixRequest validate(RemixRequest request) {
        List<Violation> violations = violations(request);
        if (!violations.isEmpty()) {
            throw new ValidationError(ValidationError.Source.REQUEST, violations);
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
        for (Violation violation : violations(parsed.request())) {
            if (parsed.problems().stream().noneMatch(problem -> covers(violation.field(), problem.field()))) {
                all.add(violation);
            }
        }
        if (!all.isEmpty()) {
            all.sort(Comparator.comparing(Violation::field));
            throw new ValidationError(ValidationError.Source.REQUEST, all);
        }
        return parsed.request();
    }

    /** A rule on {@code field} is moot when the parser already rejected that field or something inside it. */
    private static boolean covers(String field, String problemField) {
        return problemField.equals(field) || problemField.startsWith(field + ".") || problemField.startsWith(field + "[");
    }

    /** Every violation of the request, sorted by field path then message. */
    public List<Violation> violations(RemixRequest request) {
        Set<ConstraintViolation<RemixRequest>> found = validator.validate(request);
        List<Violation> violations = new ArrayList<>(found.size());
        for (ConstraintViolation<RemixRequest> violation : found) {
            Object value = violation.getInvalidValue();
            boolean printable = value instanceof CharSequence || value instanceof Number || value instanceof Enum<?>;
            violations.add(Violation.of(path(violation.getPropertyPath()), violation.getMessage(),
                    printable ? value : null));
        }
        violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        return violations;
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
