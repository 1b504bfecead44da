package dev.characterremix.request.constraints;

import java.util.Collection;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.characterremix.request.RemixRequest;

/** Checks {@link StyleCodesExclusive}; reports each conflict on {@code style_codes}. */
public class StyleCodesExclusiveValidator implements ConstraintValidator<StyleCodesExclusive, RemixRequest> {

    @Override
    public boolean isValid(RemixRequest request, ConstraintValidatorContext context) {
        if (request == null || isEmpty(request.styleCodes())) {
            return true;
        }
        boolean valid = true;
        context.disableDefaultConstraintViolation();
        if (request.style() != null) {
            report(context, "cannot be combined with style");
            valid = false;
        }
        if (!isEmpty(request.imageUrls())) {
            report(context, "cannot be combined with image_urls (style reference images)");
            valid = false;
        }
        return valid;
    }

    private static boolean isEmpty(Collection<?> values) {
        return values == null || values.isEmpty();
    }

    private static void report(ConstraintValidatorContext context, String message) {
        context.buildConstraintViolationWithTemplate(message).addPropertyNode("style_codes").addConstraintViolation();
    }
}
