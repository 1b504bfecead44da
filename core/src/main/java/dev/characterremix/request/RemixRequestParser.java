package dev.characterremix.request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.Printable;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;

/**
 * Reads a remix request from JSON strictly: an unknown field (a typo such as {@code reference_image_url}), a value of
 * the wrong JSON type ({@code "prompt": 42}, {@code "strength": "0.5"}), a {@code null}, a duplicate key or an unknown
 * enum value is reported by path instead of being dropped or coerced, so a character reference cannot silently go
 * missing and no mistyped request becomes a paid job. All problems of one document are collected, not just the first.
 *
 * <p>The cost of a hostile document is bounded and linear: lists longer than {@link RequestLimits} allow are
 * reported and cut before their elements are validated, at most {@link #MAX_REPORTED} problems are kept (then a count
 * of the rest), and every echoed name or value is shortened and escaped by {@link Violation}.
 */
@Singleton
public class RemixRequestParser {

    /** Problems reported one by one; past this, only their number. */
    static final int MAX_REPORTED = 50;
    /**
     * The most JSON values (tokens) a request document may hold. The largest request fal's schema allows has a few
     * hundred (4 + 4 + 10 images, 10 style codes, 16 palette members of a handful each); a document with more is
     * refused before it is read into a tree, so a hostile 6 MiB body costs a scan that stops here.
     */
    static final int MAX_VALUES = 2_000;

    private final ObjectReader reader;
    private final ObjectReader trees;
    private final JsonFactory factory;

    @Inject
    public RemixRequestParser(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy()
                .registerModule(StrictScalars.module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // A request is a few levels deep; a deeper document is an attack on the parser, not a request.
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
        this.reader = strict.readerFor(RemixRequest.class);
        this.trees = strict.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.factory = strict.getFactory();
    }

    /**
     * JSON travels in UTF-8 only (RFC 8259 §8.1). Jackson would detect UTF-16 and UTF-32 by their zero bytes and
     * byte-order marks (RFC 4627 §3) and read them anyway; here they are named and refused.
     */
    static Optional<Violation> notUtf8(byte[] json) {
        if (json.length < 2) {
            return Optional.empty();
        }
        String encoding = null;
        int b0 = json[0] & 0xff;
        int b1 = json[1] & 0xff;
        int b2 = json.length > 2 ? json[2] & 0xff : -1;
        int b3 = json.length > 3 ? json[3] & 0xff : -1;
        if (b0 == 0 && b1 == 0 || b0 == 0 && b1 == 0xfe && b2 == 0xff) {
            encoding = "UTF-32BE";
        } else if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0 || b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0) {
            encoding = "UTF-32LE";
        } else if (b0 == 0 || b0 == 0xfe && b1 == 0xff) {
            encoding = "UTF-16BE";
        } else if (b1 == 0 || b0 == 0xff && b1 == 0xfe) {
            encoding = "UTF-16LE";
        }
        return encoding == null
                ? Optional.empty()
                : Optional.of(Violation.of("", "must be JSON in UTF-8 (the "
                        + "document is " + encoding + ")"));
    }

    /** A document with more values than any request could hold; scanning stops as soon as that is clear. */
    private Optional<Violation> tooManyValues(byte[] json) {
        try (JsonParser scan = factory.createParser(json)) {
            int values = 0;
            for (JsonToken token = scan.nextToken(); token != null; token = scan.nextToken()) {
                if (++values > MAX_VALUES) {
                    return Optional.of(Violation.of("", "holds more than " + MAX_VALUES
                            + " JSON values, far more than any remix request (is it the right document?)"));
                }
            }
        } catch (IOException e) {
            // Not JSON, or too deep: the real read reports it.
        }
        return Optional.empty();
    }

    /**
     * Reads a JSON document into a tree with the same rules as {@link #parse(byte[])} (duplicate keys, depth, one
     * document): for triggers that rework the request before parsing it, such as S3 job files.
     *
     * @throws ValidationError when it is not one JSON document
     */
    public JsonNode readTree(byte[] json) {
        Optional<Violation> notUtf8 = notUtf8(json);
        if (notUtf8.isPresent()) {
            throw new ValidationError(ValidationError.Source.REQUEST, List.of(notUtf8.get()));
        }
        Optional<Violation> tooMany = tooManyValues(json);
        if (tooMany.isPresent()) {
            throw new ValidationError(ValidationError.Source.REQUEST, List.of(tooMany.get()));
        }
        try {
            JsonNode tree = trees.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw new ValidationError(ValidationError.Source.REQUEST,
                        List.of(Violation.of("", "must be a JSON object")));
            }
            return tree;
        } catch (IOException e) {
            throw new ValidationError(ValidationError.Source.REQUEST, notParsed(e, new Collector()).problems());
        }
    }

    /** Parses a JSON document; the result still has to pass {@link RemixRequestValidator}. */
    public Parsed parse(byte[] json) {
        return parse(json, Map.of());
    }

    /**
     * Parses a JSON document whose top level may also hold fields of the trigger's own beside fal's input (a direct
     * invocation's {@code idempotency_key}): each field named in {@code envelope} is taken out of the document into
     * it before the rest is read as fal's input.
     */
    public Parsed parse(byte[] json, Map<String, JsonNode> envelope) {
        Optional<Violation> notUtf8 = notUtf8(json);
        if (notUtf8.isPresent()) {
            return new Parsed(null, List.of(notUtf8.get()), true);
        }
        Optional<Violation> tooMany = tooManyValues(json);
        if (tooMany.isPresent()) {
            return new Parsed(null, List.of(tooMany.get()), false);
        }
        JsonNode tree;
        try {
            tree = trees.readTree(json);
        } catch (IOException e) {
            return notParsed(e, new Collector());
        }
        if (tree == null || tree.isMissingNode()) {
            return new Parsed(null, List.of(Violation.of("", "must be a JSON object, not an empty body")), true);
        }
        if (!envelope.isEmpty() && tree instanceof ObjectNode object) {
            envelope.replaceAll((field, ignored) -> object.remove(field));
        }
        return parse(tree);
    }

    /** Parses a JSON tree, e.g. a Lambda event already read by the runtime. The tree may be trimmed on the way. */
    public Parsed parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new Parsed(null, List.of(Violation.of("", "must be a JSON object of the remix request (got "
                    + (json == null || json.isNull()
                            ? "null"
                            : json.isArray()
                                    ? "a list"
                                    : "a " + json.getNodeType()
                                            .name().toLowerCase(Locale.ROOT))
                    + ")")), false);
        }
        Collector problems = new Collector();
        RequestLimits.enforce((ObjectNode) json, problems::add);
        try {
            RemixRequest request = reader.withHandler(problems).readValue(json);
            return new Parsed(request, problems.all(), false);
        } catch (IOException e) {
            return notParsed(e, problems);
        }
    }

    private static Parsed notParsed(IOException e, Collector problems) {
        List<Violation> violations = new ArrayList<>(problems.all());
        boolean malformed = e instanceof JsonParseException;
        if (e instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
            // Jackson's message quotes the input (a duplicated field's name, a token): escaped and cut.
            String reason = Printable.of(json.getOriginalMessage(), 200);
            violations.add(Violation.of("", malformed
                    ? "must be valid JSON: " + reason
                    : "must be a JSON object of the remix request: " + reason));
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

    /**
     * Records each problem and lets Jackson carry on with a null value, so one pass finds all of them; keeps the
     * first {@link #MAX_REPORTED} and counts the rest.
     */
    private static final class Collector extends DeserializationProblemHandler {

        private final List<Violation> violations = new ArrayList<>();
        private int unreported;

        void add(Violation violation) {
            if (violations.size() < MAX_REPORTED) {
                violations.add(violation);
            } else {
                unreported++;
            }
        }

        List<Violation> all() {
            if (unreported == 0) {
                return violations;
            }
            List<Violation> all = new ArrayList<>(violations);
            all.add(Violation.of("", "and " + unreported + " more problem" + (unreported == 1 ? "" : "s")));
            return all;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            if (violations.size() < MAX_REPORTED) {
                String path = JsonPaths.ofUnknown(ctxt, p, propertyName);
                add(Violation.of(path, "is not a known field" + suggestion(propertyName, deserializer)));
            } else {
                unreported++;
            }
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                String failureMsg) {
            add(Violation.of(JsonPaths.of(ctxt.getParser()), expected(targetType), value));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                String failureMsg) {
            String rule = StrictScalars.OUT_OF_RANGE.equals(failureMsg) ? "is out of range" : expected(targetType);
            add(Violation.of(JsonPaths.of(ctxt.getParser()), rule, value));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token,
                JsonParser p, String failureMsg) throws IOException {
            String path = JsonPaths.of(p);
            Object rejected = token == null || !token.isScalarValue()
                    ? null
                    : token.isNumeric()
                            ? p.getNumberValue()
                            : token.isBoolean() ? (Object) p.getBooleanValue() : p.getText();
            add(Violation.of(path, expected(targetType.getRawClass()), rejected));
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsta, JsonParser p, String msg)
                throws IOException {
            JsonToken token = p.currentToken();
            add(Violation.of(JsonPaths.of(p), expected(instClass),
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
            // No field name is longer than 20 characters: a long unknown one is no typo of them.
            if (known == null || known.isEmpty() || unknown.length() > 40) {
                return "";
            }
            return known.stream().map(String::valueOf)
                    .min(Comparator.comparingInt(name -> distance(unknown, name)))
                    .filter(name -> unknown.length() >= 4
                            && distance(unknown, name) <= Math.max(2, unknown.length() / 4))
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
