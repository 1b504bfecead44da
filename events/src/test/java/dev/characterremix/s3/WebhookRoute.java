package dev.characterremix.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.HttpExchanges;

/**
 * TEST ONLY (tests and the benchmark): the HTTP API's {@code POST /v1/fal/webhook} route in front of the webhook
 * function, as API Gateway runs it: each request becomes an HTTP API event (payload format 2.0: lower-case header
 * names, the query's parameters, the body in base64) for {@code handler}, whose answer ({@code statusCode},
 * {@code body}) is sent back. A handler that throws is a failed invocation: API Gateway answers 500.
 */
public final class WebhookRoute implements AutoCloseable {

    public static final String PATH = "/v1/fal/webhook";

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private volatile Function<String, String> handler;

    /** Starts the route on a free loopback port; {@code handler} takes the event's JSON and returns the answer's. */
    public WebhookRoute(Function<String, String> handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext(PATH, this::deliver);
        server.setExecutor(workers);
        server.start();
    }

    /** The URL fal is to post to (REMIX_WEBHOOK_URL). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Replaces the handler (null: the route answers 503, as a function that cannot be reached). */
    public void handler(Function<String, String> next) {
        handler = next;
    }

    private void deliver(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            ObjectNode event = Fixtures.MAPPER.createObjectNode().put("version", "2.0")
                    .put("routeKey", "POST " + PATH).put("rawPath", PATH)
                    .put("rawQueryString", exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : exchange.getRequestURI().getRawQuery());
            ObjectNode headers = event.putObject("headers");
            HttpExchanges.headers(exchange).forEach(headers::put);
            ObjectNode query = event.putObject("queryStringParameters");
            HttpExchanges.query(exchange).forEach(query::put);
            event.put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
            event.putObject("requestContext").put("routeKey", "POST " + PATH).putObject("http")
                    .put("method", "POST").put("path", PATH);
            int status;
            byte[] out;
            Function<String, String> current = handler;
            try {
                if (current == null) {
                    status = 503;
                    out = "{\"message\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    JsonNode answer = Fixtures.MAPPER.readTree(current.apply(Fixtures.MAPPER.writeValueAsString(
                            event)));
                    status = answer.path("statusCode").asInt(200);
                    out = answer.path("body").asText("").getBytes(StandardCharsets.UTF_8);
                }
            } catch (RuntimeException e) {
                status = 500;
                out = "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
