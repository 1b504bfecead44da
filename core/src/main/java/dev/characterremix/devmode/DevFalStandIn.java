package dev.characterremix.devmode;

import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.characterremix.fal.FalQueueStatus;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * DEV MODE ONLY (the bean does not exist in a production build): a small fal queue stand-in serving placeholder
 * images, started when {@code quarkus:dev} runs without FAL_KEY. No real fal is called. Jobs complete about one
 * second after they are submitted, going through IN_QUEUE (with fal's {@code queue_position}: the jobs submitted before
 * and still queued) and IN_PROGRESS like fal's queue; each job keeps one seed; a cancelled job ends COMPLETED with
 * fal's {@code client_cancelled} error. A submit that names a {@code fal_webhook} gets its end posted there, signed
 * with the stand-in's own key pair, whose JWKS it serves as fal does ({@link DevFalWebhooks}).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevFalStandIn {

    private static final Logger LOG = Logger.getLogger(DevFalStandIn.class);
    private static final long RUN_MILLIS = 1_000;
    /** A 1×1 PNG, so the URLs in the answers open as images. */
    private static final byte[] PLACEHOLDER_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static final String APP = "/fal-ai/ideogram";
    private static final long STREAM_TICK_MILLIS = 20;
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    /** One job: its input, its seed (one per job, as fal gives), whether it was cancelled, its webhook (or null). */
    record Job(long submittedAt, JsonObject input, long seed, boolean cancelled, String webhook) {

        boolean queued(long now) {
            return !cancelled && now - submittedAt < RUN_MILLIS / 3;
        }
    }

    /** fal's {@code queue_position}: how many jobs still queued were submitted before this one. */
    static int queuePosition(Collection<Job> jobs, Job job, long now) {
        return (int) jobs.stream().filter(other -> other != job && other.queued(now)
                && other.submittedAt() < job.submittedAt()).count();
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final DevFalWebhooks webhooks = new DevFalWebhooks();
    private Vertx vertx;
    private HttpServer server;

    void start(@Observes StartupEvent event, Vertx vertx,
            @ConfigProperty(name = DevFalStandInConfig.ACTIVE, defaultValue = "false") boolean active,
            @ConfigProperty(name = DevFalStandInConfig.PORT,
                    defaultValue = DevFalStandInConfig.DEFAULT_PORT) int port) {
        if (!active) {
            return;
        }
        this.vertx = vertx;
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(port, "localhost").toCompletionStage().toCompletableFuture().join();
        // The normal way to try it locally, so information rather than a warning: nothing is wrong.
        LOG.infof("No FAL_KEY set: remix jobs go to the embedded DEV fal stand-in on http://localhost:%d. No real fal "
                + "is called and the images are placeholders. Set FAL_KEY to call fal.", port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/files/")) {
            request.response().putHeader("Content-Type", "image/png")
                    .end(io.vertx.core.buffer.Buffer.buffer(PLACEHOLDER_PNG));
            return;
        }
        if (path.equals(DevFalStandInConfig.JWKS_PATH)) {
            reply(request, 200, webhooks.jwks());
            return;
        }
        if (!("Key " + DevFalStandInConfig.PLACEHOLDER_KEY).equals(request.getHeader("Authorization"))) {
            reply(request, 401, new JsonObject().put("detail", "Missing or wrong key"));
            return;
        }
        if (request.method().name().equals("POST") && path.equals(APP + "/character/remix")) {
            request.body().onSuccess(body -> submit(request, body.toJsonObject()));
            return;
        }
        String prefix = APP + "/requests/";
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Job job = jobs.get(id);
        if (job == null) {
            reply(request, 404, new JsonObject().put("detail", "Request not found"));
        } else if (rest.endsWith("/status/stream")) {
            stream(request, id);
        } else if (rest.endsWith("/status")) {
            status(request, id, job);
        } else if (rest.endsWith("/cancel")) {
            boolean done = done(job);
            jobs.put(id, new Job(job.submittedAt(), job.input(), job.seed(), job.cancelled() || !done,
                    job.webhook()));
            reply(request, done ? 400 : 202,
                    new JsonObject().put("status", done ? "ALREADY_COMPLETED" : "CANCELLATION_REQUESTED"));
        } else {
            result(request, job);
        }
    }

    private void submit(HttpServerRequest request, JsonObject input) {
        String id = UUID.randomUUID().toString();
        long seed = input.getLong("seed", ThreadLocalRandom.current().nextLong(0, Integer.MAX_VALUE));
        Job job = new Job(System.currentTimeMillis(), input, seed, false, request.getParam("fal_webhook"));
        jobs.put(id, job);
        LOG.infof("DEV fal stand-in: queued placeholder job %s", id);
        if (job.webhook() != null) {
            String base = base(request);
            // As fal: once the job has ended, its end is posted to the submit's fal_webhook (not for a cancelled job).
            vertx.setTimer(RUN_MILLIS + STREAM_TICK_MILLIS, fired -> {
                Job ended = jobs.get(id);
                if (ended != null && !ended.cancelled()) {
                    webhooks.deliver(ended.webhook(), id, output(base, ended));
                }
            });
        }
        reply(request, 200, urls(request, id).put("status", "IN_QUEUE")
                .put("queue_position", queuePosition(jobs.values(), job, job.submittedAt())));
    }

    private void status(HttpServerRequest request, String id, Job job) {
        JsonObject status = statusOf(request, id, job);
        reply(request, FalQueueStatus.COMPLETED.equals(status.getString("status")) ? 200 : 202, status);
    }

    /**
     * fal's status stream: the job's status at once, each change within {@link #STREAM_TICK_MILLIS}, a keep-alive
     * comment every 15 s while nothing changes, the end after COMPLETED.
     */
    private void stream(HttpServerRequest request, String id) {
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        String[] last = { null };
        long[] lastWrite = { System.currentTimeMillis() };
        long timer = vertx.setPeriodic(1, STREAM_TICK_MILLIS, tick -> {
            JsonObject status = statusOf(request, id, jobs.get(id));
            String body = status.encode();
            long now = System.currentTimeMillis();
            if (!body.equals(last[0])) {
                response.write("data: " + body + "\n\n");
                last[0] = body;
                lastWrite[0] = now;
            } else if (now - lastWrite[0] >= KEEP_ALIVE_MILLIS) {
                response.write(": keep-alive\n\n");
                lastWrite[0] = now;
            }
            if (FalQueueStatus.COMPLETED.equals(status.getString("status"))) {
                vertx.cancelTimer(tick);
                response.end();
            }
        });
        response.closeHandler(closed -> vertx.cancelTimer(timer));
    }

    private JsonObject statusOf(HttpServerRequest request, String id, Job job) {
        if (job.cancelled()) {
            return urls(request, id).put("status", "COMPLETED").put("error", "Request cancelled")
                    .put("error_type", "client_cancelled");
        } else if (done(job)) {
            return urls(request, id).put("status", "COMPLETED")
                    .put("metrics", new JsonObject().put("inference_time", RUN_MILLIS / 1000.0));
        } else if (job.queued(System.currentTimeMillis())) {
            return urls(request, id).put("status", "IN_QUEUE")
                    .put("queue_position", queuePosition(jobs.values(), job, System.currentTimeMillis()));
        }
        return urls(request, id).put("status", "IN_PROGRESS");
    }

    private void result(HttpServerRequest request, Job job) {
        if (job.cancelled()) {
            // fal answers a cancelled job's result with the cancellation, not with images.
            reply(request, 499,
                    new JsonObject().put("detail", "Request cancelled").put("error_type", "client_cancelled"));
            return;
        }
        reply(request, 200, output(base(request), job));
    }

    /** The model's output for a job: a placeholder image per image asked for, and the job's seed. */
    private static JsonObject output(String base, Job job) {
        int count = job.input().getInteger("num_images", 1);
        JsonArray images = new JsonArray();
        for (int i = 0; i < count; i++) {
            images.add(new JsonObject().put("url", base + "/files/placeholder-" + i + ".png")
                    .put("content_type", "image/png").put("file_name", "placeholder-" + i + ".png")
                    .put("file_size", PLACEHOLDER_PNG.length));
        }
        return new JsonObject().put("images", images).put("seed", job.seed());
    }

    private static boolean done(Job job) {
        return System.currentTimeMillis() - job.submittedAt() >= RUN_MILLIS;
    }

    private static JsonObject urls(HttpServerRequest request, String id) {
        String requests = base(request) + APP + "/requests/" + id;
        return new JsonObject().put("request_id", id).put("response_url", requests)
                .put("status_url", requests + "/status").put("cancel_url", requests + "/cancel");
    }

    private static String base(HttpServerRequest request) {
        return "http://" + request.authority();
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
