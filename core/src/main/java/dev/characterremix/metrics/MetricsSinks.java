package dev.characterremix.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Where EMF documents go: standard output, one JSON object per line, which is how Lambda delivers them to CloudWatch
 * Logs (no agent, no PutMetricData call, no extra permission). Lambda's JSON log format passes lines that are already
 * JSON through unchanged. Tests replace this sink to read the documents.
 */
@ApplicationScoped
public class MetricsSinks {

    @Produces
    @DefaultBean
    @ApplicationScoped
    ISink standardOutput() {
        return new ConsoleSink();
    }
}
