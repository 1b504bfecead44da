package dev.characterremix.http;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;

/**
 * Errors in fal's own JSON shape, for the fal proxy route: {@code {"detail": "…"}}, or for a request that breaks the
 * schema fal's 422 list {@code {"detail": [{"loc": ["body", …], "msg": …, "type": "value_error"}]}}. fal's JavaScript
 * client reads {@code detail} (its {@code ValidationError.fieldErrors}) and takes its error message from
 * {@code message}, which repeats the reason, so a front-end developer sees why.
 */
final class FalShape {

    private FalShape() {
    }

    static Response of(int status, String detail) {
        return builder(status, null, detail).build();
    }

    static Response.ResponseBuilder builder(int status, RemixError error, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (error instanceof ValidationError validation) {
            ArrayNode list = body.putArray("detail");
            for (Violation violation : validation.violations()) {
                ObjectNode item = list.addObject();
                ArrayNode loc = item.putArray("loc").add("body");
                for (String part : violation.field().split("[.\\[\\]]+")) {
                    if (!part.isEmpty()) {
                        loc.add(part);
                    }
                }
                item.put("msg", violation.describe()).put("type", "value_error");
            }
        } else {
            body.put("detail", detail);
        }
        body.put("message", detail);
        if (error != null) {
            body.put("error_type", error.type());
        }
        return Response.status(status).type("application/json").entity(body.toString());
    }
}
