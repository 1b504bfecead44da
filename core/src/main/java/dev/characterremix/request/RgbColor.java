package dev.characterremix.request;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.validator.constraints.Range;

/** An sRGB colour, each channel 0–255. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RgbColor(
        @Range(min = 0, max = 255, message = "must be between {min} and {max}") Integer r,
        @Range(min = 0, max = 255, message = "must be between {min} and {max}") Integer g,
        @Range(min = 0, max = 255, message = "must be between {min} and {max}") Integer b) {
}
