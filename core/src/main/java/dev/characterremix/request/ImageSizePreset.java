package dev.characterremix.request;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** fal's named image sizes, written in lower case on the wire. */
@RegisterForReflection
public enum ImageSizePreset {
    SQUARE_HD, SQUARE, PORTRAIT_4_3, PORTRAIT_16_9, LANDSCAPE_4_3, LANDSCAPE_16_9;

    /** The name fal uses, e.g. {@code square_hd}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
