package dev.characterremix.request;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.characterremix.request.constraints.NotEmptyObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * fal's {@code image_size}: either a preset name ({@code "square_hd"}) or an object {@code {width, height}} whose
 * missing sides default to 512 on fal's side. Written back in the same form it was read.
 */
@RegisterForReflection
@NotEmptyObject
@Schema(description = "A preset name or {width, height}", oneOf = { ImageSizePreset.class, ImageSize.Dimensions.class })
@JsonDeserialize(using = ImageSizeDeserializer.class)
public record ImageSize(
        @Schema(hidden = true) ImageSizePreset preset,
        @Schema(hidden = true) @Min(value = 1, message = SIDE) @Max(value = 14_142, message = SIDE) Integer width,
        @Schema(hidden = true) @Min(value = 1, message = SIDE) @Max(value = 14_142, message = SIDE) Integer height) {

    private static final String SIDE = "must be between 1 and 14142";

    /** The object form of {@code image_size}, for the API documentation. */
    @Schema(name = "ImageSizeDimensions", description = "Each side 1-14142; a missing side is 512 on fal's side")
    public record Dimensions(@Schema(minimum = "1", maximum = "14142") Integer width,
            @Schema(minimum = "1", maximum = "14142") Integer height) {
    }

    public static ImageSize of(ImageSizePreset preset) {
        return new ImageSize(preset, null, null);
    }

    public static ImageSize of(Integer width, Integer height) {
        return new ImageSize(null, width, height);
    }

    @JsonValue
    Object json() {
        if (preset != null) {
            return preset;
        }
        Map<String, Integer> size = new LinkedHashMap<>();
        if (width != null) {
            size.put("width", width);
        }
        if (height != null) {
            size.put("height", height);
        }
        return size;
    }
}
