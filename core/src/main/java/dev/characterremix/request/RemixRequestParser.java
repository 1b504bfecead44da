package dev.characterremix.request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Reads a remix request from JSON strictly: an unknown field (a typo such as {@code reference_image_url}), a value of
 * the wrong type or an unknown enum value is reported by path instead of being dropped, so a character reference
 * cannot silently go missing. All problems of one document are collected, not just the first.
 */
@Singleton
public class RemixRequestParser {

    private final ObjectReader reader;

    @Inject
    public RemixRequestParser(ObjectMapper mapper) {
        this.reader = mapper.copy()
                .registerModule(WholeNumberDeserializers.module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .readerFor(RemixRequest.class);
    }

    /** Parses a JSON document; the result still has to pass {@link RemixRequestValidator}. */
    public Parsed parse(byte[] json) {
        Collector problems = new Collector();
        try {
            return new Parsed(reader.withHandler(problems).readValue(json), problems.violations, false);
        } catch (IOException e) {
            return notParsed(e, problems);
        }
    }

    /** Parses a JSON tree, e.g. a Lambda event already read by the runtime. */
    public Parsed parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new Parsed(null, List.of(Violation.of("", "must be a JSON object")), false);
        }
        Collector problems = new Collector();
        try {
            return new Parsed(reader.withHandler(problems).readValue(json), problems.violations, false);
        } catch (IOException e) {
            return notParsed(e, problems);
        }
    }

    private static Parsed notParsed(IOException e, Collector problems) {
        List<Violation> violations = new ArrayList<>(problems.violations);
        boolean malformed = e instanceof JsonParseException;
        if (e instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
            violations.add(Violation.of("", malformed ? "must be valid JSON: " + json.getOriginalMessage()
                    : "must be a JSON object of the remix request: " + json.getOriginalMessage()));
        } else {
            violations.add(Violation.of("", "must be a JSON object"));
        }
        return new Parsed(null, violations, malformed);
    }

    /**
     * The outcome of parsing: the request (null when the document could not be read at all), the problems found, and
     * whether the input was not JSON at all (an HTTP caller gets 400 for that, 422 for the rest).
     */
    public record Parsed(RemixRequest request, List<Violation> problems, boolean malformed) {

        /** The request, or a {@link ValidationError} listing the problems when there are any. */
        public RemixRequest orThrow() {
            if (request == null || !problems.isEmpty()) {
                throw new ValidationError(ValidationError.Source.REQUEST, problems);
            }
            return request;
        }
    }

    /** Records each problem and lets Jackson carry on with a null value, so one pass finds all of them. */
    private static final class Collector extends DeserializationProblemHandler {

        private final List<Violation> violations = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            String path = JsonPaths.ofUnknown(ctxt, p, propertyName);
            violations.add(Violation.of(path, "is not a known field" + suggestion(propertyName, deserializer)));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                String failureMsg) {
            violations.add(Violation.of(JsonPaths.of(ctxt.getParser()), expected(targetType), value));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                String failureMsg) {
            violations.add(Violation.of(JsonPaths.of(ctxt.getParser()), expected(targetType), value));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token,
                JsonParser p, String failureMsg) throws IOException {
            String path = JsonPaths.of(p);
            Object rejected = token == null || !token.isScalarValue() ? null
                    : token.isNumeric() ? p.getNumberValue()
                    : token.isBoolean() ? (Object) p.getBooleanValue() : p.getText();
            violations.add(Violation.of(path, expected(targetType.getRawClass()), rejected));
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsta, JsonParser p, String msg)
                throws IOException {
            JsonToken token = p.currentToken();
            violations.add(Violation.of(JsonPaths.of(p), expected(instClass),
                    token != null && token.isScalarValue() && !token.isNumeric() ? p.getText() : null));
            p.skipChildren();
            return null;
        }

        private static String expected(Class<?> type) {
            if (type == ImageSizePreset.class || type == ImageSize.class) {
                return "must be one of " + names(ImageSizePreset.values()) + " or an object {width, height}";
            }
            if (type.isEnum()) {
                return "must be one of " + names(type.getEnumConstants());
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "must be an integer";
            }
            if (Number.class.isAssignableFrom(type) || type == double.class) {
                return "must be a number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
            if (type == String.class) {
                return "must be a string";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "must be a list";
            }
            return "must be an object";
        }

        private static String names(Object[] constants) {
            return Arrays.stream(constants)
                    .map(c -> c instanceof ImageSizePreset preset ? preset.wireName() : ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }

        private static String suggestion(String unknown, JsonDeserializer<?> deserializer) {
            Collection<Object> known = deserializer == null ? null : deserializer.getKnownPropertyNames();
            if (known == null || known.isEmpty()) {
                return "";
            }
            return known.stream().map(String::valueOf)
                    .min(Comparator.comparingInt(name -> distance(unknown, name)))
                    .filter(name -> unknown.length() >= 4 && distance(unknown, name) <= Math.max(2, unknown.length() / 4))
                    .map(name -> " (did you mean " + name + "?)")
                    .orElse("");
        }

        /** Levenshtein distance; field names are short, so the quadratic table is fine. */
        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
