package dev.characterremix.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.characterremix.request.constraints.NotEmptyObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An sRGB colour, each channel 0–255. */
@RegisterForReflection
@NotEmptyObject
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RgbColor(
        @Min(value = 0, message = CHANNEL) @Max(value = 255, message = CHANNEL) Integer r,
        @Min(value = 0, message = CHANNEL) @Max(value = 255, message = CHANNEL) Integer g,
        @Min(value = 0, message = CHANNEL) @Max(value = 255, message = CHANNEL) Integer b) {

    private static final String CHANNEL = "must be between 0 and 255";
}
