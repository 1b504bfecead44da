package dev.characterremix.request;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** fal's {@code style} for the character endpoints. */
@RegisterForReflection
public enum Style {
    AUTO, REALISTIC, FICTION
}
