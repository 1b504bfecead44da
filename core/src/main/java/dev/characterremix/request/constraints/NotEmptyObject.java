package dev.characterremix.request.constraints;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * An object given must say something: {@code "image_size": {}} or {@code "rgb": {}} is a mistake (a size or a colour
 * left out), not a request for fal's defaults, which leaving the field out already is.
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = { NotEmptyObjectValidator.RgbColors.class, NotEmptyObjectValidator.ImageSizes.class })
public @interface NotEmptyObject {

    String message() default "must not be an empty object";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
