package dev.characterremix.fal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The model's output ({@code GenerateOutput}): the images and the seed used (which may exceed 32 bits). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record FalOutput(List<FalImage> images, Long seed) {
}
