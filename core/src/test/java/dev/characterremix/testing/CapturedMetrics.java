package dev.characterremix.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * TEST ONLY: keeps the EMF documents the application writes, serialised exactly as the console sink would print
 * them, so tests can read and validate them. Replaces the standard-output sink in this module's tests.
 */
@ApplicationScoped
public class CapturedMetrics implements ISink {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    public void accept(MetricsContext context) {
        try {
            lines.addAll(context.serialize());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    /** The documents written so far, each checked against the EMF specification. */
    public EmfDocuments documents() {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : lines) {
            try {
                docs.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return new EmfDocuments(docs);
    }

    public void clear() {
        lines.clear();
    }
}
