package dev.characterremix.request;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.validator.constraints.Range;

/**
 * fal's {@code image_size}: either a preset name ({@code "square_hd"}) or an object {@code {width, height}} whose
 * missing sides default to 512 on fal's side. Written back in the same form it was read.
 */
@RegisterForReflection
@JsonDeserialize(using = ImageSizeDeserializer.class)
public record ImageSize(
        ImageSizePreset preset,
        @Range(min = 1, max = 14_142, message = "must be between {min} and {max}") Integer width,
        @Range(min = 1, max = 14_142, message = "must be between {min} and {max}") Integer height) {

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
