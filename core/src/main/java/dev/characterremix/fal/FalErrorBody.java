package dev.characterremix.fal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * fal's error bodies: {@code detail} is a list of {@code {loc, msg, type}} for validation errors or a plain string,
 * {@code error_type} names infrastructure errors, and some gateways answer {@code {error, message}} instead.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FalErrorBody(JsonNode detail, String errorType, String error, String message, String status) {
}
