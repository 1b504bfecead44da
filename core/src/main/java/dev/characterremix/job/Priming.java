package dev.characterremix.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.fal.FalClient;
import dev.characterremix.fal.FalOutput;
import dev.characterremix.fal.FalQueueStatus;
import dev.characterremix.fal.FalStatusStream;
import dev.characterremix.fal.StatusStreamPriming;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RemixRequestValidator;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the request path once during start-up, so the first caller does not pay for it: the strict JSON reader (from
 * bytes, as the triggers read requests), the validation metadata of {@link RemixRequest}, the JSON writer and readers of fal's
 * answers, probes through the fal REST client and the same fault-tolerance stacks as its calls
 * ({@link FalClient#probe()}, a status read, and the opening of a status stream, both for a request id no job has:
 * nothing is queued or billed, and both connections are closed after the answer), one status stream read to its
 * COMPLETED from a loopback server ({@link StatusStreamPriming}: fal's 404 for the probe never reaches the stream's
 * event parsing), and the metrics writer (a document taken
 * through the whole path and dropped, not written).
 * <p>
 * Why at start-up: Lambda runs a function's initialisation with a burst of CPU and the invocations with the share its
 * memory buys (a third of a vCPU at 512 MB), so work moved out of the first invocation runs several times faster; and
 * under SnapStart, start-up happens before the snapshot, so restored functions start with all of it done. By default
 * it runs in a packaged JVM application; not in a native executable (no class loading or JIT to warm up), in dev mode
 * or in tests. {@code remix.priming.enabled} overrides that.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);
    /** Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE} of an init that ends in a SnapStart snapshot. */
    private static final String SNAP_START = "snap-start";
    /** How long the probe's status stream may take to answer: fal answers an unknown request id at once. */
    private static final Duration PROBE_QUIET = Duration.ofSeconds(5);
    private static final String EXAMPLE = """
            {"prompt": "priming", "image_url": "https://v3.fal.media/files/priming/scene.png",
             "reference_image_urls": ["https://v3.fal.media/files/priming/character.png"],
             "num_images": 1, "image_size": "square_hd", "color_palette": {"name": "EMBER"}}""";
    private static final String STATUS = """
            {"status": "COMPLETED", "request_id": "priming", "queue_position": 0}""";
    private static final String OUTPUT = """
            {"images": [{"url": "https://v3.fal.media/files/priming/out.png", "content_type": "image/png",
             "file_name": "out.png", "file_size": 1}], "seed": 1}""";

    /** After the other start-up observers (the fal key is read from Secrets Manager at the default priority). */
    void prime(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event,
            RemixRequestParser parser, RemixRequestValidator validator, FalClient fal, ObjectMapper mapper,
            JobMetrics metrics, StatusStreamPriming streams,
            @ConfigProperty(name = "remix.priming.enabled") Optional<Boolean> enabled,
            @ConfigProperty(name = "remix.priming.snap-start-rounds", defaultValue = "100") int snapStartRounds) {
        if (!enabled.orElse(LaunchMode.current() == LaunchMode.NORMAL && ImageMode.current() == ImageMode.JVM)) {
            return;
        }
        // Under SnapStart, init runs once before the snapshot and every restore starts from it: the request path and
        // the status stream are run enough times to be compiled. On demand, once: init is then on the cold start.
        int rounds = SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")) ? snapStartRounds : 1;
        long start = System.nanoTime();
        try {
            for (int round = 0; round < rounds; round++) {
                // From bytes, as every trigger reads a request: the size scan, the strict tree reader (which an S3
                // job file goes through too) and the tree's mapping onto RemixRequest.
                RemixRequest request = validator.validate(parser.parse(EXAMPLE.getBytes(StandardCharsets.UTF_8)));
                mapper.writeValueAsBytes(request);
                mapper.readValue(STATUS, FalQueueStatus.class);
                mapper.writeValueAsBytes(
                        new RemixResult(mapper.readValue(OUTPUT, FalOutput.class).images(), 1L, "priming"));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // Priming is an optimisation: a failure here must not stop the function from starting.
            LOG.warnf("priming the request path failed: %s", e.getMessage());
        }
        metrics.warmUp();
        String probe = probe(fal) + ", " + streams.prime(rounds);
        LOG.debugf("primed the request path %d time(s) in %d ms (fal probe: %s)", rounds,
                (System.nanoTime() - start) / 1_000_000, probe);
    }

    /**
     * fal's answers to the probes are expected to be errors (the request id is unknown): only the round trips count,
     * a status read and the opening of a status stream, each through its own fault-tolerance stack.
     */
    private static String probe(FalClient fal) {
        String answers;
        try {
            fal.probe();
            answers = "status answered";
        } catch (RuntimeException e) {
            answers = "status " + e.getClass().getSimpleName();
        }
        try (FalStatusStream stream = fal.statusStream(FalClient.PROBE_REQUEST_ID, PROBE_QUIET)) {
            return answers + ", stream answered";
        } catch (RuntimeException e) {
            return answers + ", stream " + e.getClass().getSimpleName();
        }
    }
}
