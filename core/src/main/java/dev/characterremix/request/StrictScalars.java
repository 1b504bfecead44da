package dev.characterremix.request;

import java.io.IOException;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Scalars read as fal's schema types them, never coerced: a string field takes only a JSON string, a number field
 * only a JSON number, an integer field only a whole number within its Java type ({@code 2.0} is 2, as fal's own
 * pydantic validation reads it; {@code 1.5}, {@code "2"} and {@code 2147483648} for an int are not), a boolean only
 * {@code true} or {@code false}. A mismatch goes through the context's problem handlers, so the strict parser names
 * the field and carries on collecting.
 */
final class StrictScalars {

    /** The failure message by which the parser tells an out-of-range number from a wrong type. */
    static final String OUT_OF_RANGE = "out of range";

    private StrictScalars() {
    }

    static SimpleModule module() {
        return new SimpleModule("strict-scalars")
                .addDeserializer(String.class, new Text())
                .addDeserializer(Boolean.class, new Flag())
                .addDeserializer(Double.class, new Decimal())
                .addDeserializer(Integer.class, new Whole<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE))
                .addDeserializer(Long.class, new Whole<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static final class Text extends StdScalarDeserializer<String> {
        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == JsonToken.VALUE_STRING
                    ? p.getText()
                    : (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    private static final class Flag extends StdScalarDeserializer<Boolean> {
        Flag() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
        }
    }

    private static final class Decimal extends StdScalarDeserializer<Double> {
        Decimal() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isNumeric()) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double value = p.getDoubleValue();
            return Double.isFinite(value)
                    ? value
                    : (Double) ctxt.handleWeirdNumberValue(Double.class, p.getNumberValue(), OUT_OF_RANGE);
        }
    }

    private static final class Whole<T extends Number> extends StdScalarDeserializer<T> {

        private final BigInteger min;
        private final BigInteger max;

        Whole(Class<T> type, long min, long max) {
            super(type);
            this.min = BigInteger.valueOf(min);
            this.max = BigInteger.valueOf(max);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            BigInteger whole;
            if (token == JsonToken.VALUE_NUMBER_INT) {
                whole = p.getBigIntegerValue();
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = p.getDoubleValue();
                if (!Double.isFinite(value) || value != Math.rint(value)) {
                    return (T) ctxt.handleWeirdNumberValue(handledType(), p.getNumberValue(), "not a whole number");
                }
                whole = p.getDecimalValue().toBigInteger();
            } else {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
                return (T) ctxt.handleWeirdNumberValue(handledType(), p.getNumberValue(), OUT_OF_RANGE);
            }
            return (T) (handledType() == Integer.class ? (Number) whole.intValue() : (Number) whole.longValue());
        }
    }
}
