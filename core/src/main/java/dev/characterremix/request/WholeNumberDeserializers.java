package dev.characterremix.request;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Integer fields that refuse fractions ({@code num_images: 1.5} is an error, not 1) and report them through the
 * problem handlers; {@code 2.0} is accepted as 2, like fal's own (pydantic) validation.
 */
final class WholeNumberDeserializers {

    private WholeNumberDeserializers() {
    }

    static SimpleModule module() {
        return new SimpleModule("whole-numbers")
                .addDeserializer(Integer.class,
                        new Strict<>(Integer.class, new NumberDeserializers.IntegerDeserializer(Integer.class, null)))
                .addDeserializer(Long.class,
                        new Strict<>(Long.class, new NumberDeserializers.LongDeserializer(Long.class, null)));
    }

    private static final class Strict<T extends Number> extends StdScalarDeserializer<T> {

        private final StdScalarDeserializer<T> standard;

        Strict(Class<T> type, StdScalarDeserializer<T> standard) {
            super(type);
            this.standard = standard;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = p.getDoubleValue();
                if (value != Math.rint(value) || Double.isInfinite(value)) {
                    return (T) ctxt.handleWeirdNumberValue(handledType(), p.getNumberValue(), "not a whole number");
                }
                Number whole = handledType() == Integer.class ? (Number) (int) value : (Number) (long) value;
                return (T) whole;
            }
            return standard.deserialize(p, ctxt);
        }
    }
}
