package dev.characterremix.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * TEST ONLY: a stand-in for the AWS Lambda Runtime API (the {@code 2018-06-01} interface that the Java runtime's
 * interface client and a native {@code bootstrap} poll), so a packaged {@code function.zip} can be run the way AWS
 * runs it. Events are handed out in order; responses and errors complete the future of their invocation.
 */
public final class LambdaRuntimeStandIn implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    static {
        // Without TCP_NODELAY the JDK's HTTP server stalls small answers on delayed ACKs (~40 ms each); must be set
        // before the first server is created in this JVM.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What the function answered to one invocation. */
    public record Outcome(String requestId, boolean failed, String body, String errorType, long answeredAtNanos) {
    }

    private record Event(String requestId, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<Long> snapshotPoint = new CompletableFuture<>();
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    private volatile long deadlineMillis = 300_000;

    public LambdaRuntimeStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How long each invocation may run, as told to the function through {@code Lambda-Runtime-Deadline-Ms}. */
    public void deadline(long millis) {
        deadlineMillis = millis;
    }

    /** Queues an event; the future completes when the function posts its response or error. */
    public CompletableFuture<Outcome> invoke(String eventJson) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        pending.put(requestId, outcome);
        events.add(new Event(requestId, eventJson));
        return outcome;
    }

    /** Completes with {@link System#nanoTime()} of the function's first request for work. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /**
     * Completes with {@link System#nanoTime()} when a function started with {@code AWS_LAMBDA_INITIALIZATION_TYPE=
     * snap-start} has run its before-checkpoint hooks and waits in {@code GET restore/next}: where SnapStart takes its
     * snapshot. The call is answered once {@link #restore()} is called.
     */
    public CompletableFuture<Long> snapshotPoint() {
        return snapshotPoint;
    }

    /** Lets a function waiting in {@code restore/next} go on (its after-restore hooks, then its first poll). */
    public void restore() {
        restored.complete(null);
    }

    /** Completes with the body of an initialisation error, if the function reports one. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.equals("restore/next") && exchange.getRequestMethod().equals("GET")) {
                snapshotPoint.complete(System.nanoTime());
                restored.join();
                HttpReplies.json(exchange, 200, "");
            } else if (path.equals("init/error") || path.equals("restore/error")) {
                initError.complete(new String(body, StandardCharsets.UTF_8));
                HttpReplies.json(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                boolean failed = path.endsWith("/error");
                CompletableFuture<Outcome> outcome = pending.remove(requestId);
                if (outcome != null) {
                    outcome.complete(new Outcome(requestId, failed, new String(body, StandardCharsets.UTF_8),
                            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
                            System.nanoTime()));
                }
                HttpReplies.json(exchange, outcome == null ? 400 : 202, "{\"status\":\"OK\"}");
            } else {
                HttpReplies.json(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Event event;
        try {
            // Long poll, like the real API: the function waits here until there is work.
            do {
                event = events.poll(1, TimeUnit.SECONDS);
            } while (event == null && !executor.isShutdown());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (event == null) {
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", event.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + deadlineMillis));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:remix");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        HttpReplies.json(exchange, 200, event.body());
    }

    @Override
    public void close() {
        executor.shutdownNow();
        server.stop(0);
    }
}
