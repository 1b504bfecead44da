package dev.characterremix.request;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads {@code image_size} as either a preset name or {@code {width, height}}. Problems go through the context's
 * problem handlers, so the strict parser reports them by path like any other field.
 */
class ImageSizeDeserializer extends StdDeserializer<ImageSize> {

    private static final Set<Object> FIELDS = Set.of("width", "height");

    ImageSizeDeserializer() {
        super(ImageSize.class);
    }

    @Override
    public ImageSize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String name = p.getText();
            for (ImageSizePreset preset : ImageSizePreset.values()) {
                if (preset.wireName().equals(name)) {
                    return ImageSize.of(preset);
                }
            }
            return (ImageSize) ctxt.handleWeirdStringValue(ImageSize.class, name, "not an image size preset");
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return (ImageSize) ctxt.handleUnexpectedToken(ImageSize.class, p);
        }
        Integer width = null;
        Integer height = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            p.nextToken();
            switch (field) {
                case "width" -> width = ctxt.readValue(p, Integer.class);
                case "height" -> height = ctxt.readValue(p, Integer.class);
                default -> {
                    if (!ctxt.handleUnknownProperty(p, this, ImageSize.class, field)) {
                        p.skipChildren();
                    }
                }
            }
        }
        return ImageSize.of(width, height);
    }

    @Override
    public java.util.Collection<Object> getKnownPropertyNames() {
        return FIELDS;
    }
}
