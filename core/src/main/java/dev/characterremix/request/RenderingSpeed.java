package dev.characterremix.request;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** fal's {@code rendering_speed}; the price per request grows with quality (see fal's model page). */
@RegisterForReflection
public enum RenderingSpeed {
    TURBO, BALANCED, QUALITY
}
