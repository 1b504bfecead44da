package dev.characterremix.request;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.request.constraints.ImageReferencePolicy;
import dev.characterremix.testing.Fixtures;

/** Parser and validator wired as in the application, without booting Quarkus. */
final class Requests {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ValidatorFactory VALIDATORS = Validation.buildDefaultValidatorFactory();

    private Requests() {
    }

    static RemixRequest accept(JsonNode json) {
        return accept(json, ImageReferencePolicy.DEFAULT);
    }

    static RemixRequest accept(JsonNode json, ImageReferencePolicy policy) {
        return new RemixRequestValidator(VALIDATORS, policy).validate(new RemixRequestParser(MAPPER).parse(json));
    }

    /** fal's required-only example, to be changed field by field. */
    static ObjectNode minimal() {
        return Fixtures.falExample("required_parameters_example").deepCopy();
    }

    static ObjectNode full() {
        return Fixtures.falExample("full_example").deepCopy();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
