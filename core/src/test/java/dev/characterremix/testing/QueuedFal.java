package dev.characterremix.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * TEST ONLY (tests and the benchmark): a fal queue stand-in with fal's concurrency model. It runs at most
 * {@code concurrency} jobs at once, each for {@code jobTime}, and queues the rest in order, answering status checks
 * with the real {@code queue_position} (jobs ahead). A submit's {@code X-Fal-Request-Timeout} is honoured as fal
 * documents it: a job still queued at that deadline is dropped (status COMPLETED with {@code request_timeout}, result
 * 504 with {@code X-Fal-Request-Timeout-Type: user}). Cancel, results and the generated images are served; every
 * request is counted. The key must come as fal's {@code Authorization: Key …} header.
 */
public final class QueuedFal implements AutoCloseable {

    private static final String APP = "/fal-ai/ideogram";
    private static final byte[] IMAGE = "queued fal image".getBytes(StandardCharsets.UTF_8);

    private enum State {
        IN_QUEUE, IN_PROGRESS, COMPLETED, DROPPED, CANCELLED
    }

    private static final class Job {
        final String id;
        final long submittedAt = System.nanoTime();
        final long startDeadline;
        State state = State.IN_QUEUE;
        long finishesAt;
        /** fal_webhook of the submit (null: none), and whether its end was delivered there. */
        String webhook;
        boolean delivered;

        Job(String id, long startTimeoutNanos) {
            this.id = id;
            this.startDeadline = startTimeoutNanos > 0 ? submittedAt + startTimeoutNanos : Long.MAX_VALUE;
        }
    }

    private final int concurrency;
    private volatile long jobNanos;
    private final String key;
    private final HttpServer server;
    // A status stream holds its thread for the whole job: one thread per open request.
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "queued-fal");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Job> jobs = new HashMap<>();
    private final Deque<Job> queue = new ArrayDeque<>();
    private int running;
    private int maxRunning;
    private volatile String mediaBase;

    public final AtomicInteger submits = new AtomicInteger();
    public final AtomicInteger statusChecks = new AtomicInteger();
    /** fal's status stream, and its opened streams' count ({@code streams.opened}). */
    public final StatusStreamServer streams = new StatusStreamServer();
    public final AtomicInteger results = new AtomicInteger();
    public final AtomicInteger cancels = new AtomicInteger();
    public final AtomicInteger startTimeouts = new AtomicInteger();
    /** fal's webhooks: its key pair and JWKS (at {@link #jwksUrl()}), and the deliveries' answers. */
    public final FalWebhookSender webhooks = new FalWebhookSender();
    private volatile boolean withoutOutput;
    private final AtomicInteger submitAnswersToDrop = new AtomicInteger();
    /** Moves the queue on by itself, so jobs end (and webhooks go out) with nobody asking. */
    private final ScheduledExecutorService ticker = Executors
            .newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "queued-fal-ticker");
                thread.setDaemon(true);
                return thread;
            });
    /** The client port (one per connection) of the last request of each kind: submit, stream, status, result. */
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    public QueuedFal(int concurrency, Duration jobTime, String key) throws IOException {
        this.concurrency = concurrency;
        this.jobNanos = jobTime.toNanos();
        this.key = key;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        ticker.scheduleWithFixedDelay(this::deliverEnded, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Where fal's webhook key set is served. */
    public String jwksUrl() {
        return url() + "/.well-known/jwks.json";
    }

    /**
     * The next {@code count} submits are taken (queued, and billed at fal) but never answered: the connection drops
     * first, as when the submitter's environment dies in the submit window.
     */
    public QueuedFal dropSubmitAnswers(int count) {
        submitAnswersToDrop.set(count);
        return this;
    }

    /** Webhooks carry no output ({@code payload: null} and a {@code payload_error}): the output stays at fal. */
    public QueuedFal webhooksWithoutOutput(boolean without) {
        withoutOutput = without;
        return this;
    }

    /** Posts each ended job's webhook once (the sender delivers again while refused). */
    private void deliverEnded() {
        advance();
        List<Job> ended = new ArrayList<>();
        synchronized (this) {
            for (Job job : jobs.values()) {
                if (job.state == State.COMPLETED && job.webhook != null && !job.delivered) {
                    job.delivered = true;
                    ended.add(job);
                }
            }
        }
        for (Job job : ended) {
            // fal leaves an output it cannot send out of the delivery: null, with payload_error saying why.
            byte[] body = withoutOutput
                    ? FalWebhookSender.okBodyWithoutOutput(job.id)
                    : FalWebhookSender.okBody(job.id, output(job));
            workers.execute(() -> webhooks.deliver(job.webhook, job.id, body));
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where results say the images are (default: this server), e.g. a proxy in front of it. */
    public QueuedFal mediaBase(String base) {
        this.mediaBase = base;
        return this;
    }

    /** Jobs submitted from now on run this long. */
    public QueuedFal jobTime(Duration time) {
        this.jobNanos = time.toNanos();
        return this;
    }

    /** Counts back to zero and status streams as fal serves them (keep-alive every 15 s, never cut, not refused). */
    public QueuedFal resetCounts() {
        for (AtomicInteger count : List.of(submits, statusChecks, results, cancels, startTimeouts)) {
            count.set(0);
        }
        ports.clear();
        submitAnswersToDrop.set(0);
        webhooks.answers.clear();
        streams.reset();
        return this;
    }

    /** A keep-alive comment on a status stream after this long without an event (fal: 15 s). */
    public QueuedFal keepAlive(Duration interval) {
        streams.keepAlive(interval);
        return this;
    }

    /** Status streams are cut (the connection dropped, no end of stream) this long after they open (0: never). */
    public QueuedFal cutStreamsAfter(Duration time) {
        streams.cutAfter(time);
        return this;
    }

    /** Status streams are refused (404, as from a proxy that does not know the route): clients must poll. */
    public QueuedFal refuseStreams() {
        streams.refuse();
        return this;
    }

    /** The client port of the last request of a kind: {@code submit}, {@code stream}, {@code status}, {@code result}. */
    public Integer portOfLast(String kind) {
        return ports.get(kind);
    }

    /** Fal requests of every kind taken for jobs: submits, status checks and streams, results and cancels. */
    public int requests() {
        return submits.get() + statusChecks.get() + streams.opened.get() + results.get() + cancels.get();
    }

    /** The most jobs that ran at once. */
    public synchronized int maxRunning() {
        return maxRunning;
    }

    /** Jobs that ran to completion. */
    public synchronized long completed() {
        return jobs.values().stream().filter(job -> job.state == State.COMPLETED).count();
    }

    /** Moves the queue on to {@code now}: finished jobs free their slot, queued jobs start in order or expire. */
    private synchronized void advance() {
        long now = System.nanoTime();
        boolean moved = true;
        while (moved) {
            moved = false;
            // The earliest finish first, so a slot that freed in the past is given to the next job at that moment.
            Job next = null;
            for (Job job : jobs.values()) {
                if (job.state == State.IN_PROGRESS && job.finishesAt <= now
                        && (next == null || job.finishesAt < next.finishesAt)) {
                    next = job;
                }
            }
            long slotFreedAt = now;
            if (next != null) {
                next.state = State.COMPLETED;
                running--;
                slotFreedAt = next.finishesAt;
                moved = true;
            }
            while (running < concurrency && !queue.isEmpty()) {
                Job job = queue.pollFirst();
                if (job.startDeadline < slotFreedAt) {
                    job.state = State.DROPPED;
                    startTimeouts.incrementAndGet();
                    continue;
                }
                job.state = State.IN_PROGRESS;
                job.finishesAt = Math.max(slotFreedAt, job.submittedAt) + jobNanos;
                running++;
                maxRunning = Math.max(maxRunning, running);
                moved = true;
            }
        }
        for (var it = queue.iterator(); it.hasNext();) {
            Job job = it.next();
            if (job.startDeadline < now) {
                job.state = State.DROPPED;
                startTimeouts.incrementAndGet();
                it.remove();
            }
        }
    }

    private synchronized int position(Job job) {
        int ahead = 0;
        for (Job queued : queue) {
            if (queued == job) {
                return ahead;
            }
            ahead++;
        }
        return 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } catch (StatusStreamServer.CutOnPurpose e) {
            // Thrown on, unanswered: the JDK server drops the connection.
            throw e;
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
        exchange.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/files/")) {
            HttpReplies.send(exchange, 200, "image/png", IMAGE);
            return;
        }
        if (path.equals("/.well-known/jwks.json")) {
            HttpReplies.json(exchange, 200, webhooks.jwks());
            return;
        }
        if (!("Key " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            HttpReplies.json(exchange, 401, "{\"detail\":\"No user found for Key ID and Secret\"}");
            return;
        }
        advance();
        int port = exchange.getRemoteAddress().getPort();
        if (path.equals(APP + "/character/remix") && exchange.getRequestMethod().equals("POST")) {
            ports.put("submit", port);
            submit(exchange);
            return;
        }
        String rest = path.startsWith(APP + "/requests/") ? path.substring((APP + "/requests/").length()) : "";
        String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Job job;
        synchronized (this) {
            job = jobs.get(id);
        }
        if (job == null) {
            HttpReplies.json(exchange, 404, "{\"detail\":\"Request not found\"}");
            return;
        }
        exchange.getResponseHeaders().add("x-fal-request-id", id);
        if (rest.endsWith("/status/stream")) {
            ports.put("stream", port);
            stream(exchange, job);
        } else if (rest.endsWith("/status")) {
            ports.put("status", port);
            status(exchange, job);
        } else if (rest.endsWith("/cancel")) {
            cancel(exchange, job);
        } else {
            ports.put("result", port);
            result(exchange, job);
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        String timeout = exchange.getRequestHeaders().getFirst("X-Fal-Request-Timeout");
        long timeoutNanos = timeout == null ? 0 : (long) (Double.parseDouble(timeout) * 1e9);
        Job job = new Job(UUID.randomUUID().toString(), timeoutNanos);
        job.webhook = HttpExchanges.query(exchange).get("fal_webhook");
        synchronized (this) {
            jobs.put(job.id, job);
            queue.addLast(job);
        }
        submits.incrementAndGet();
        advance();
        if (submitAnswersToDrop.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
            throw new StatusStreamServer.CutOnPurpose("submit answer");
        }
        exchange.getResponseHeaders().add("x-fal-request-id", job.id);
        HttpReplies.json(exchange, 200, "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + job.id + "\","
                + "\"queue_position\":" + position(job) + "}");
    }

    private void status(HttpExchange exchange, Job job) throws IOException {
        statusChecks.incrementAndGet();
        State state;
        synchronized (this) {
            state = job.state;
        }
        HttpReplies.json(exchange, state == State.IN_QUEUE || state == State.IN_PROGRESS ? 202 : 200,
                statusBody(job, state));
    }

    /** fal's status stream of {@code job}: each change of its status, until it ends. */
    private void stream(HttpExchange exchange, Job job) throws IOException {
        streams.serve(exchange, () -> {
            advance();
            State state;
            synchronized (this) {
                state = job.state;
            }
            return new StatusStreamServer.Status(statusBody(job, state),
                    state != State.IN_QUEUE && state != State.IN_PROGRESS);
        });
    }

    private String statusBody(Job job, State state) {
        return switch (state) {
            case IN_QUEUE -> "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + job.id + "\",\"queue_position\":"
                    + position(job) + "}";
            case IN_PROGRESS -> "{\"status\":\"IN_PROGRESS\",\"request_id\":\"" + job.id + "\",\"logs\":null}";
            case COMPLETED, CANCELLED -> "{\"status\":\"COMPLETED\",\"request_id\":\"" + job.id
                    + "\",\"logs\":null,\"metrics\":{\"inference_time\":" + jobNanos / 1e9 + "}}";
            case DROPPED -> "{\"status\":\"COMPLETED\",\"request_id\":\"" + job.id
                    + "\",\"logs\":null,\"error\":\"Request timed out\",\"error_type\":\"request_timeout\"}";
        };
    }

    private void result(HttpExchange exchange, Job job) throws IOException {
        results.incrementAndGet();
        State state;
        synchronized (this) {
            state = job.state;
        }
        switch (state) {
            case COMPLETED -> HttpReplies.json(exchange, 200, output(job));
            case DROPPED -> {
                exchange.getResponseHeaders().add("X-Fal-Request-Timeout-Type", "user");
                exchange.getResponseHeaders().add("X-Fal-Error-Type", "request_timeout");
                HttpReplies.json(exchange, 504,
                        "{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}");
            }
            case CANCELLED -> HttpReplies.json(exchange, 400, "{\"detail\":\"Request was cancelled\"}");
            default -> HttpReplies.json(exchange, 400, "{\"detail\":\"Request is still in progress\"}");
        }
    }

    /** The model's output of a completed job: one image, served by this stand-in (or its media base). */
    private String output(Job job) {
        return "{\"images\":[{\"url\":\"" + (mediaBase == null ? url() : mediaBase) + "/files/" + job.id
                + ".png\",\"content_type\":\"image/png\",\"file_name\":\"image.png\",\"file_size\":"
                + IMAGE.length + "}],\"seed\":" + Math.abs(job.id.hashCode()) + "}";
    }

    private void cancel(HttpExchange exchange, Job job) throws IOException {
        cancels.incrementAndGet();
        synchronized (this) {
            if (job.state == State.IN_QUEUE || job.state == State.IN_PROGRESS) {
                if (job.state == State.IN_PROGRESS) {
                    running--;
                }
                queue.remove(job);
                job.state = State.CANCELLED;
            } else {
                HttpReplies.json(exchange, 400, "{\"status\":\"ALREADY_COMPLETED\"}");
                return;
            }
        }
        HttpReplies.json(exchange, 202, "{\"status\":\"CANCELLATION_REQUESTED\"}");
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
    }
}
