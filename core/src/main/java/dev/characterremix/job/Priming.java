package dev.characterremix.job;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.request.RemixRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the request path once at start-up, without calling fal: the strict JSON reader, the validation metadata of
 * {@link RemixRequest} and the JSON writer are built then, not on a caller's first request. It pays off under
 * SnapStart, where start-up (and so this) happens before the snapshot and restored functions start warm; elsewhere
 * it only moves the same work before the first poll, so by default it runs only when Lambda initialises for a
 * snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) or when {@code remix.priming.enabled=true}.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);
    private static final String EXAMPLE = """
            {"prompt": "priming", "image_url": "https://v3.fal.media/files/priming/scene.png",
             "reference_image_urls": ["https://v3.fal.media/files/priming/character.png"],
             "num_images": 1, "image_size": "square_hd", "color_palette": {"name": "EMBER"}}""";

    void prime(@Observes StartupEvent event, RemixService service, ObjectMapper mapper,
            @ConfigProperty(name = "remix.priming.enabled") Optional<Boolean> enabled,
            @ConfigProperty(name = "AWS_LAMBDA_INITIALIZATION_TYPE", defaultValue = "on-demand") String initialization) {
        if (!enabled.orElse("snap-start".equals(initialization))) {
            return;
        }
        long start = System.nanoTime();
        try {
            RemixRequest request = service.accept(mapper.readTree(EXAMPLE));
            mapper.writeValueAsBytes(request);
            mapper.writeValueAsBytes(new RemixResult(java.util.List.of(), 0L, "priming"));
            LOG.debugf("primed the request path in %d ms", (System.nanoTime() - start) / 1_000_000);
        } catch (JsonProcessingException | RuntimeException e) {
            // Priming is an optimisation: a failure here must not stop the function from starting.
            LOG.warnf("priming the request path failed: %s", e.getMessage());
        }
    }
}
