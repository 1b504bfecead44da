package dev.characterremix.request.constraints;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * An image fal can load: an {@code https} URL (plain {@code http} only when {@link ImageReferencePolicy#allowHttp()}),
 * or a base64 {@code data:} URI of image/png, image/jpeg or image/webp. Null is left to {@code @NotNull}.
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Constraint(validatedBy = ImageReferenceValidator.class)
public @interface ImageReference {

    String message() default "must be an https URL or a data: URI of image/png, image/jpeg or image/webp";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
