package dev.characterremix.request.constraints;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A colour palette names a preset or lists members: exactly one of the two. */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = NameOrMembersValidator.class)
public @interface NameOrMembers {

    String message() default "must set exactly one of name or members";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
