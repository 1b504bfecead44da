package dev.characterremix.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.characterremix.request.RemixRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * What the jobs do and cost, as CloudWatch embedded metric format documents: one per event, dimensioned by trigger
 * only (direct, http, s3) so the metric count, and its bill, stays small. Failures and refusals add one more
 * dimension (the error type, the limit) to say which is rising. Each document carries the ids that trace it (the
 * Lambda or HTTP request id, fal's request id, the S3 key) as properties, searchable in Logs Insights but not metrics.
 *
 * <p>A metric that cannot be written is logged and dropped: metrics never fail a paid job.
 */
@ApplicationScoped
@RegisterForReflection(classNames = {
        // Serialised by the EMF library's own Jackson mapper (package-private): what its native-image metadata lists.
        "software.amazon.cloudwatchlogs.emf.model.RootNode",
        "software.amazon.cloudwatchlogs.emf.model.Metadata",
        "software.amazon.cloudwatchlogs.emf.model.MetricDirective",
        "software.amazon.cloudwatchlogs.emf.model.MetricDefinition",
        "software.amazon.cloudwatchlogs.emf.serializers.InstantSerializer",
        "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionFilter",
        "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionSerializer",
        "software.amazon.cloudwatchlogs.emf.serializers.UnitSerializer" })
public class JobMetrics {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    /** The logging context key (MDC) each trigger sets: direct, http or s3. */
    public static final String TRIGGER = "trigger";
    /** The ids copied from the logging context into each document. */
    static final List<String> TRACE_KEYS = List.of("AWSRequestId", "requestId", "s3Key");

    public static final String JOBS_SUBMITTED = "JobsSubmitted";
    public static final String IMAGES_REQUESTED = "ImagesRequested";
    public static final String ESTIMATED_SPEND = "EstimatedSpendUSD";
    public static final String JOBS_COMPLETED = "JobsCompleted";
    public static final String IMAGES_GENERATED = "ImagesGenerated";
    public static final String JOBS_FAILED = "JobsFailed";
    public static final String JOBS_CANCELLED = "JobsCancelled";
    public static final String LATENCY = "Latency";
    public static final String FAL_QUEUE_WAIT = "FalQueueWait";
    public static final String FAL_RUN_TIME = "FalRunTime";
    public static final String FAL_REQUESTS = "FalRequests";
    public static final String REQUESTS_REFUSED = "RequestsRefused";

    /** How many ended jobs an environment remembers, so that a second look does not count one twice. */
    static final int REMEMBERED_ENDS = 1024;

    private final MetricsConfig config;
    private final Environment environment;
    private final AtomicInteger warmedUp = new AtomicInteger();
    private final Map<String, Boolean> recentlyEnded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ENDS;
        }
    };

    @Inject
    public JobMetrics(MetricsConfig config, ISink sink) {
        this.config = config;
        this.environment = new Environment(sink);
    }

    /** The price fal charges for what {@code request} asks: its rendering speed times its number of images. */
    public BigDecimal estimatedSpend(RemixRequest request) {
        return config.price().of(request.speedOrDefault()).multiply(BigDecimal.valueOf(request.imagesOrDefault()));
    }

    /** A job fal accepted: it will be billed for what the request asks. */
    public void submitted(String falRequestId, RemixRequest request) {
        write(falRequestId, null, logger -> logger
                .putMetric(JOBS_SUBMITTED, 1, Unit.COUNT)
                .putMetric(IMAGES_REQUESTED, request.imagesOrDefault(), Unit.COUNT)
                .putMetric(ESTIMATED_SPEND, estimatedSpend(request).doubleValue(), Unit.NONE)
                .putProperty("renderingSpeed", request.speedOrDefault().name()));
    }

    /**
     * A job seen to its end. A job already counted in this environment is not counted again (an HTTP caller that
     * reads a finished job twice); one read in another environment as well still is, which the README notes.
     */
    public void ended(JobEnd end) {
        if (!firstEnd(end.falRequestId())) {
            return;
        }
        switch (end.outcome()) {
            case COMPLETED -> write(end.falRequestId(), null, logger -> {
                logger.putMetric(JOBS_COMPLETED, 1, Unit.COUNT).putMetric(IMAGES_GENERATED, end.images(), Unit.COUNT);
                timings(logger, end);
            });
            // Timings only for completed jobs: a failure's latency would blur the latency of the results people get.
            case CANCELLED ->
                write(end.falRequestId(), null, logger -> logger.putMetric(JOBS_CANCELLED, 1, Unit.COUNT));
            case FAILED -> write(end.falRequestId(), new Extra("ErrorType", end.errorType()),
                    logger -> logger.putMetric(JOBS_FAILED, 1, Unit.COUNT));
        }
    }

    /**
     * Priming: one document through the whole path of {@link #submitted} (logger, dimensions, the trace properties,
     * Lambda's environment, serialisation) into a sink that drops it, so the first job's metrics cost what the next
     * one's do. Nothing is printed: a primed environment must not report a job it never ran.
     */
    public void warmUp() {
        write(new Environment(new DroppingSink(warmedUp)), "priming", null, logger -> logger
                .putMetric(JOBS_SUBMITTED, 1, Unit.COUNT)
                .putMetric(ESTIMATED_SPEND, 0.0, Unit.NONE)
                .putProperty("renderingSpeed", "priming"));
    }

    /** How many documents priming has taken through the path and dropped (for a check that priming ran). */
    public int warmedUp() {
        return warmedUp.get();
    }

    /** A request refused before fal by an operator's limit, named as the refusal names it. */
    public void refused(String limit) {
        write(null, new Extra("Limit", limit), logger -> logger.putMetric(REQUESTS_REFUSED, 1, Unit.COUNT));
    }

    private static void timings(MetricsLogger logger, JobEnd end) {
        if (end.latency() != null) {
            logger.putMetric(LATENCY, end.latency().toMillis(), Unit.MILLISECONDS);
        }
        if (end.queueWait() != null) {
            logger.putMetric(FAL_QUEUE_WAIT, end.queueWait().toMillis(), Unit.MILLISECONDS);
        }
        if (end.runTime() != null) {
            logger.putMetric(FAL_RUN_TIME, end.runTime().toMillis(), Unit.MILLISECONDS);
        }
        if (end.falRequests() > 0) {
            logger.putMetric(FAL_REQUESTS, end.falRequests(), Unit.COUNT);
        }
    }

    private boolean firstEnd(String falRequestId) {
        synchronized (recentlyEnded) {
            return recentlyEnded.put(falRequestId, Boolean.TRUE) == null;
        }
    }

    /** Forgets the ended jobs (tests run one fal request id many times). */
    void forgetEnds() {
        synchronized (recentlyEnded) {
            recentlyEnded.clear();
        }
    }

    private record Extra(String dimension, String value) {
    }

    private void write(String falRequestId, Extra extra, Consumer<MetricsLogger> filler) {
        write(environment, falRequestId, extra, filler);
    }

    private void write(Environment target, String falRequestId, Extra extra, Consumer<MetricsLogger> filler) {
        if (!config.enabled()) {
            return;
        }
        try {
            String trigger = trigger();
            MetricsLogger logger = new MetricsLogger(target);
            logger.setNamespace(config.namespace());
            DimensionSet byTrigger = DimensionSet.of("Trigger", trigger);
            if (extra == null) {
                logger.setDimensions(false, byTrigger);
            } else {
                logger.setDimensions(false, byTrigger, DimensionSet.of("Trigger", trigger, extra.dimension(),
                        extra.value() == null || extra.value().isBlank() ? "Unknown" : extra.value()));
            }
            if (falRequestId != null) {
                logger.putProperty("falRequestId", falRequestId);
            }
            for (String key : TRACE_KEYS) {
                Object value = MDC.get(key);
                if (value != null) {
                    logger.putProperty(key, value.toString());
                }
            }
            filler.accept(logger);
            logger.flush();
        } catch (RuntimeException e) {
            LOG.warnf("metrics not written: %s", e.toString());
        }
    }

    private static String trigger() {
        Object trigger = MDC.get(TRIGGER);
        return trigger == null ? "direct" : trigger.toString();
    }

    /** Serialises each document, as the console sink does, and drops it: for {@link #warmUp()}. */
    private static final class DroppingSink implements ISink {
        private final AtomicInteger dropped;

        DroppingSink(AtomicInteger dropped) {
            this.dropped = dropped;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize();
                dropped.incrementAndGet();
            } catch (JsonProcessingException e) {
                LOG.debugf("warming the metrics writer failed: %s", e.toString());
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Lambda's EMF environment (it adds the function version, log stream and, when sampled, the X-Ray trace id to
     * each document) writing to the configured sink.
     */
    private static final class Environment extends LambdaEnvironment {
        private final ISink sink;

        Environment(ISink sink) {
            this.sink = sink;
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
