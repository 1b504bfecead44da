package dev.characterremix.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), with the request id and, when fal accepted the
 * job, fal's request id, so a failure can be traced.
 *
 * @param type a URN naming the error type, e.g. {@code urn:character-remix:problem:ValidationError}
 * @param errors for validation problems, every violated rule by field
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
        String requestId, String falRequestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:character-remix:problem:";

    /** One violated rule. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {
    }
}
