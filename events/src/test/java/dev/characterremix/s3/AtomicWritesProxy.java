package dev.characterremix.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * TEST ONLY: S3 applies a conditional write ({@code If-None-Match: *}, {@code If-Match}) atomically, so of two racing
 * writers exactly one wins. S3Mock checks the condition and writes in two steps (measured here: 8 concurrent
 * {@code If-None-Match: *} PUTs of one key all succeeded), so this pass-through proxy in front of it lets one write
 * through at a time, which restores S3's guarantee for the concurrency tests. Reads pass freely.
 *
 * <p>It also plays S3's transient failures on demand: a write refused with 503 SlowDown (not applied), and a write
 * applied whose answer is lost (500 InternalError after the write), both of which the AWS SDK retries.
 */
final class AtomicWritesProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ReentrantLock writes = new ReentrantLock(true);
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    /** Writes seen, by decoded path, for tests that count attempts. */
    final List<String> writesSeen = new CopyOnWriteArrayList<>();

    private record Fault(String keyPart, boolean applied, AtomicInteger skip, AtomicInteger remaining) {
    }

    /** The next {@code count} writes to a key containing {@code keyPart} are refused with 503 SlowDown, unapplied. */
    void refuseWrites(String keyPart, int count) {
        faults.add(new Fault(keyPart, false, new AtomicInteger(), new AtomicInteger(count)));
    }

    /**
     * The {@code nth} write from now (1: the next) to a key containing {@code keyPart} is applied, but answered with
     * 500 as if the answer was lost.
     */
    void loseAnswerOfWrite(String keyPart, int nth) {
        faults.add(new Fault(keyPart, true, new AtomicInteger(nth - 1), new AtomicInteger(1)));
    }

    /** Each fault counts the writes to its keys; the first one due fires. */
    private Fault faultFor(String path) {
        Fault fired = null;
        for (Fault fault : faults) {
            if (path.contains(fault.keyPart()) && fault.skip().getAndDecrement() <= 0 && fired == null
                    && fault.remaining().getAndDecrement() > 0) {
                fired = fault;
            }
        }
        return fired;
    }

    AtomicWritesProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(method, body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            boolean write = !method.equals("GET") && !method.equals("HEAD");
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(),
                    StandardCharsets.UTF_8);
            Fault fault = write ? faultFor(path) : null;
            if (write) {
                writesSeen.add(method + " " + path);
            }
            if (fault != null && !fault.applied()) {
                sendError(exchange, 503, "SlowDown", "Please reduce your request rate.");
                return;
            }
            HttpResponse<byte[]> response;
            if (write) {
                writes.lock();
            }
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                if (write) {
                    writes.unlock();
                }
            }
            if (fault != null) {
                sendError(exchange, 500, "InternalError", "We encountered an internal error. Please try again.");
                return;
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower) || (lower.equals("content-length") && method.equals("HEAD"))) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] bytes = response.body();
            boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304
                    || bytes.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
