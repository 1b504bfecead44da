package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.characterremix.lambda.webhook.HttpApiAnswer;
import dev.characterremix.lambda.webhook.HttpApiEvent;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: a {@link QueuedFal} that delivers signed webhooks (the test puts it behind the WireMock fal stand-in
 * with {@code FalStandIn.passesTo}), and the HTTP API's webhook route ({@link WebhookRoute}) in front of the
 * application, calling the webhook handler the test installs in {@link #handler}.
 */
public class WebhookRouteResource implements QuarkusTestResourceLifecycleManager {

    /** The webhook handler the route calls (set by the test once the application is up). */
    public static volatile Function<HttpApiEvent, HttpApiAnswer> handler;

    private QueuedFal fal;
    private WebhookRoute route;

    @Override
    public Map<String, String> start() {
        try {
            fal = new QueuedFal(2, Duration.ofMillis(300), FalStandIn.KEY);
            fal.webhooks.retries(20, Duration.ofMillis(150));
            route = new WebhookRoute(WebhookRouteResource::call);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // fal itself is the WireMock stand-in of FalStandInResource, which the test passes on to this QueuedFal.
        return Map.of("remix.webhook.url", route.url(), "remix.webhook.jwks-url", fal.jwksUrl());
    }

    private static String call(String event) {
        Function<HttpApiEvent, HttpApiAnswer> current = handler;
        try {
            HttpApiAnswer answer = current == null
                    ? new HttpApiAnswer(503, Map.of(), "{}")
                    : current.apply(Fixtures.MAPPER.readValue(event, HttpApiEvent.class));
            return Fixtures.MAPPER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fal,
                new TestInjector.AnnotatedAndMatchesType(InjectFalStandIn.class, QueuedFal.class));
    }

    @Override
    public void stop() {
        handler = null;
        if (route != null) {
            route.close();
        }
        if (fal != null) {
            fal.close();
        }
    }
}
