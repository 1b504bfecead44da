package dev.characterremix.request.constraints;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Some character that is neither white space, a separator nor an invisible format character: a prompt of
 * non-breaking or zero-width spaces is as blank to the model as one of plain spaces (Bean Validation's
 * {@code @NotBlank} only trims ASCII). Null is left to {@code @NotNull}.
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, TYPE_USE })
@Constraint(validatedBy = NotBlankTextValidator.class)
public @interface NotBlankText {

    String message() default "must not be blank";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
