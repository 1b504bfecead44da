package dev.characterremix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: starts a {@link QueuedFal} (two jobs at once, each 400 ms) for a {@code @QuarkusTest} and points the fal
 * REST client and the key at it directly, so its status streams reach the application as they are sent. Inject it
 * as a {@code QueuedFal} field annotated {@link InjectFalStandIn}.
 */
public class QueuedFalResource implements QuarkusTestResourceLifecycleManager {

    private QueuedFal fal;

    @Override
    public Map<String, String> start() {
        try {
            fal = new QueuedFal(2, Duration.ofMillis(400), FalStandIn.KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("fal.queue-url", fal.url(), "fal.key", FalStandIn.KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fal,
                new TestInjector.AnnotatedAndMatchesType(InjectFalStandIn.class, QueuedFal.class));
    }

    @Override
    public void stop() {
        if (fal != null) {
            fal.close();
        }
    }
}
