package dev.characterremix.request.constraints;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** fal's rule: {@code style_codes} cannot be combined with {@code style} nor with style images ({@code image_urls}). */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = StyleCodesExclusiveValidator.class)
public @interface StyleCodesExclusive {

    String message() default "cannot be combined with style or image_urls";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
