package dev.characterremix.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.characterremix.testing.HttpReplies;

/**
 * BENCHMARK ONLY: a fal queue stand-in that answers at once (no WireMock matching in the way), completes each job a
 * configurable time after its submit, records when each job became ready and when its completion was first seen, and
 * serves generated images of a configurable size.
 */
final class InstantFal implements AutoCloseable {

    private static final String APP = "/fal-ai/ideogram";
    private static final long KEEP_ALIVE_NANOS = 15_000_000_000L;

    /** One job as the stand-in saw it. */
    static final class Job {
        final long submittedAt = System.nanoTime();
        final long readyAt;
        volatile long noticedAt;
        final AtomicInteger requests = new AtomicInteger(1);

        Job(long delayNanos) {
            readyAt = submittedAt + delayNanos;
        }
    }

    private final HttpServer server;
    // A status stream holds its thread until its job is ready: one thread per open request.
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    final List<Job> finished = new CopyOnWriteArrayList<>();
    private volatile long minDelayNanos;
    private volatile long maxDelayNanos;
    private volatile byte[] image = new byte[1024];
    /** The keys fal takes (null: any), as {@code Authorization: Key <key>}; others get fal's 401. */
    private volatile java.util.Set<String> keys;
    final java.util.concurrent.atomic.AtomicInteger refusedKeys = new java.util.concurrent.atomic.AtomicInteger();

    InstantFal() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Jobs complete between {@code minMillis} and {@code maxMillis} after their submit (0, 0: at once). */
    void completeAfter(long minMillis, long maxMillis) {
        minDelayNanos = minMillis * 1_000_000;
        maxDelayNanos = maxMillis * 1_000_000;
    }

    /** Only these keys are taken from now on (null: any). */
    void acceptKeys(java.util.Set<String> accepted) {
        keys = accepted;
    }

    void imageBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        image = bytes;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            java.util.Set<String> accepted = keys;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (accepted != null && !path.startsWith("/files/")
                    && (authorization == null || !accepted.contains(authorization.replaceFirst("^Key ", "")))) {
                refusedKeys.incrementAndGet();
                HttpReplies.json(exchange, 401, "{\"detail\":\"Invalid API key\"}");
                return;
            }
            if (path.startsWith("/files/")) {
                HttpReplies.send(exchange, 200, "image/png", image);
                return;
            }
            if (path.equals(APP + "/character/remix")) {
                String id = UUID.randomUUID().toString();
                long delay = maxDelayNanos <= minDelayNanos
                        ? minDelayNanos
                        : ThreadLocalRandom.current().nextLong(minDelayNanos, maxDelayNanos);
                jobs.put(id, new Job(delay));
                HttpReplies.json(exchange, 200,
                        "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + id + "\",\"queue_position\":0}");
                return;
            }
            String rest = path.substring((APP + "/requests/").length());
            String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            Job job = jobs.get(id);
            if (job == null) {
                // fal answers an unknown request id with 404 (the function's start-up probe asks for one).
                HttpReplies.json(exchange, 404, "{\"detail\":\"Request not found\"}");
                return;
            }
            job.requests.incrementAndGet();
            if (rest.endsWith("/status/stream")) {
                stream(exchange, id, job);
            } else if (rest.endsWith("/status")) {
                boolean ready = System.nanoTime() >= job.readyAt;
                HttpReplies.json(exchange, ready ? 200 : 202, status(id, ready));
            } else {
                // Completion is noticed when the result is asked for, however the function learnt of it.
                if (job.noticedAt == 0) {
                    job.noticedAt = System.nanoTime();
                }
                finished.add(job);
                HttpReplies.json(exchange, 200, "{\"images\":[{\"url\":\"" + url() + "/files/" + id
                        + ".png\",\"content_type\":\"image/png\"}],\"seed\":42}");
            }
        }
    }

    private static String status(String id, boolean ready) {
        return "{\"status\":\"" + (ready ? "COMPLETED" : "IN_PROGRESS") + "\",\"request_id\":\"" + id + "\"}";
    }

    /** fal's status stream: the status at once, COMPLETED the moment the job is ready, a keep-alive every 15 s. */
    private static void stream(HttpExchange exchange, String id, Job job) throws IOException {
        OutputStream out = HttpReplies.eventStream(exchange);
        boolean ready = System.nanoTime() >= job.readyAt;
        HttpReplies.event(out, status(id, ready));
        while (!ready) {
            long wait = Math.min(job.readyAt - System.nanoTime(), KEEP_ALIVE_NANOS);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            ready = System.nanoTime() >= job.readyAt;
            if (ready) {
                HttpReplies.event(out, status(id, true));
            } else {
                HttpReplies.comment(out);
            }
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
        // The pool's threads are not daemons: left running, they would keep the benchmark's JVM alive after the table.
        workers.shutdownNow();
    }
}
