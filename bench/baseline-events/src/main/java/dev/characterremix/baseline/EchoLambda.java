package dev.characterremix.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;

/** The benchmark's baseline: the same extensions as the events function, a handler that does nothing. */
public class EchoLambda implements RequestHandler<JsonNode, JsonNode> {

    @Override
    public JsonNode handleRequest(JsonNode event, Context context) {
        return event;
    }
}
