package dev.characterremix.request;

import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;

/** Renders where a parser stands as a field path in fal's names, e.g. {@code color_palette.members[0].rgb}. */
final class JsonPaths {

    private JsonPaths() {
    }

    /**
     * The path of an unknown property. Jackson reads records through their creator and replays unknown properties
     * from a buffer afterwards; the buffer's parser has lost the path, but the main parser then stands at the end of
     * the object the property belongs to.
     */
    static String ofUnknown(DeserializationContext ctxt, JsonParser parser, String property) {
        if (parser == ctxt.getParser()) {
            return of(parser);
        }
        String owner = of(ctxt.getParser());
        return owner.isEmpty() ? property : owner + "." + property;
    }

    static String of(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        // On a START token the parser has already entered the child; the value's own name is one level up.
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
            context = context.getParent();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
