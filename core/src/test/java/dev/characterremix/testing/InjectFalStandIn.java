package dev.characterremix.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the fal stand-in field ({@link FalStandIn} or {@link QueuedFal}) its test resource fills in. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectFalStandIn {
}
