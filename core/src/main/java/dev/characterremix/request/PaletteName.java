package dev.characterremix.request;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** fal's preset colour palettes. */
@RegisterForReflection
public enum PaletteName {
    EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE
}
