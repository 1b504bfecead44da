package dev.characterremix.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** TEST ONLY: the one way the JDK-server stand-ins (Lambda Runtime API, the bench's fal) write an answer. */
public final class HttpReplies {

    private HttpReplies() {
    }

    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts a server-sent event stream (chunked, {@code text/event-stream}) as fal's status stream answers; write
     * to it with {@link #event} and {@link #comment}, and close it to end the stream.
     */
    public static OutputStream eventStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** One event whose {@code data:} is {@code json}, sent at once. */
    public static void event(OutputStream stream, String json) throws IOException {
        stream.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    /** A comment line, as fal's keep-alive, sent at once. */
    public static void comment(OutputStream stream) throws IOException {
        stream.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
