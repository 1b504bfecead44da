package dev.characterremix.request;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One colour of a palette: its {@code rgb} value and a {@code color_weight} from 0.05 to 1 (fal's default 0.5;
 * Ideogram advises listing members by descending weight).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ColorPaletteMember(
        @NotNull(message = "is required") @Valid RgbColor rgb,
        @DecimalMin(value = "0.05", message = "must be between 0.05 and 1") @DecimalMax(value = "1",
                message = "must be between 0.05 and 1") Double colorWeight) {
}
