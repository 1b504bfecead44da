package dev.characterremix.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.characterremix.s3.webhook.HttpApiAnswer;
import dev.characterremix.s3.webhook.HttpApiEvent;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.HttpExchanges;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.QueuedFal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: a {@link QueuedFal} that delivers signed webhooks (the test puts it behind the WireMock fal stand-in
 * with {@code FalStandIn.passesTo}), and the HTTP API's webhook route in front of the application: {@code POST /v1/fal/webhook?token=…} becomes an HTTP API event (payload 2.0: lower-case header names,
 * the query's parameters, the body in base64) for the webhook handler the test installs in {@link #handler}.
 */
public class WebhookRouteResource implements QuarkusTestResourceLifecycleManager {

    /** The webhook handler the route calls (set by the test once the application is up). */
    public static volatile Function<HttpApiEvent, HttpApiAnswer> handler;

    private QueuedFal fal;
    private HttpServer route;

    @Override
    public Map<String, String> start() {
        try {
            fal = new QueuedFal(2, Duration.ofMillis(300), FalStandIn.KEY);
            fal.webhooks.retries(20, Duration.ofMillis(150));
            route = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            route.createContext("/v1/fal/webhook", this::deliver);
            route.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // fal itself is the WireMock stand-in of FalStandInResource, which the test passes on to this QueuedFal.
        return Map.of("remix.webhook.url", "http://127.0.0.1:" + route.getAddress().getPort() + "/v1/fal/webhook",
                "remix.webhook.jwks-url", fal.jwksUrl());
    }

    private void deliver(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = HttpExchanges.headers(exchange);
            Map<String, String> query = HttpExchanges.query(exchange);
            Function<HttpApiEvent, HttpApiAnswer> current = handler;
            HttpApiAnswer answer = current == null
                    ? new HttpApiAnswer(503, Map.of(), "{}")
                    : current.apply(new HttpApiEvent(headers, query, Base64.getEncoder().encodeToString(body), true));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.statusCode(), out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
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
            route.stop(0);
        }
        if (fal != null) {
            fal.close();
        }
    }
}
