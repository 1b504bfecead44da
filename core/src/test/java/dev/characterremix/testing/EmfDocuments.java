package dev.characterremix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * TEST ONLY: reads CloudWatch embedded metric format documents (from a capturing sink or from a function's standard
 * output), checks each against the specification (the JSON schema, then the reference rules a schema cannot state)
 * and finds metrics in them.
 */
public final class EmfDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private final List<JsonNode> documents;

    public EmfDocuments(List<JsonNode> documents) {
        this.documents = List.copyOf(documents);
        this.documents.forEach(EmfDocuments::assertValid);
    }

    /** Whether an output line is an EMF document (a JSON object with an {@code _aws} member) rather than a log line. */
    public static boolean isEmf(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("{") && trimmed.contains("\"_aws\"");
    }

    /** The EMF documents among a process's output lines. */
    public static EmfDocuments fromLines(List<String> lines) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (isEmf(trimmed)) {
                try {
                    found.add(JSON.readTree(trimmed));
                } catch (IOException e) {
                    throw new AssertionError("An EMF line is not one JSON object: " + trimmed, e);
                }
            }
        }
        return new EmfDocuments(found);
    }

    public List<JsonNode> all() {
        return documents;
    }

    /** The documents that carry {@code metric}. */
    public List<JsonNode> with(String metric) {
        return documents.stream().filter(doc -> metricNames(doc).contains(metric)).toList();
    }

    /** The one document that carries {@code metric}. */
    public JsonNode one(String metric) {
        List<JsonNode> found = with(metric);
        assertThat(found).as("EMF documents with %s among %s", metric, documents).hasSize(1);
        return found.get(0);
    }

    /** The unit {@code metric} is declared with in {@code doc}. */
    public static Optional<String> unit(JsonNode doc, String metric) {
        for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode definition : directive.path("Metrics")) {
                if (definition.path("Name").asText().equals(metric)) {
                    return Optional.ofNullable(definition.path("Unit").textValue());
                }
            }
        }
        return Optional.empty();
    }

    /** The dimension sets of {@code doc}'s directives, e.g. {@code [[Trigger], [Trigger, ErrorType]]}. */
    public static List<List<String>> dimensionSets(JsonNode doc) {
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode set : directive.path("Dimensions")) {
                List<String> names = new ArrayList<>();
                set.forEach(name -> names.add(name.asText()));
                sets.add(names);
            }
        }
        return sets;
    }

    public static String namespace(JsonNode doc) {
        return doc.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText();
    }

    static Set<String> metricNames(JsonNode doc) {
        Set<String> names = new java.util.TreeSet<>();
        for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
            directive.path("Metrics").forEach(definition -> names.add(definition.path("Name").asText()));
        }
        return names;
    }

    /** The schema, then the specification's reference rules: targets on the root, of the right types. */
    public static void assertValid(JsonNode doc) {
        Set<ValidationMessage> problems = SCHEMA.validate(doc);
        assertThat(problems.stream().map(ValidationMessage::getMessage).collect(Collectors.toList()))
                .as("EMF schema problems in %s", doc).isEmpty();
        for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode set : directive.path("Dimensions")) {
                for (JsonNode name : set) {
                    assertThat(doc.path(name.asText()).isTextual())
                            .as("dimension %s must be a string member of the root in %s", name, doc).isTrue();
                }
            }
            for (JsonNode definition : directive.path("Metrics")) {
                JsonNode target = doc.path(definition.path("Name").asText());
                boolean numbers = target.isNumber() || target.isArray() && target.size() <= 100
                        && java.util.stream.StreamSupport.stream(target.spliterator(), false)
                                .allMatch(JsonNode::isNumber);
                assertThat(numbers).as("metric %s must be a number (or at most 100) on the root of %s",
                        definition.path("Name"), doc).isTrue();
            }
        }
    }

    private static JsonSchema load() {
        try (InputStream schema = EmfDocuments.class.getResourceAsStream("/emf/emf-document.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
