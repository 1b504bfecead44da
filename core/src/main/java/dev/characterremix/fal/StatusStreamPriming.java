package dev.characterremix.fal;

import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Start-up priming of the status stream's read path: fal answers the probe's unknown request id with a 404, which
 * never reaches the REST client's server-sent event parsing, so the first job would load and run it (measured: about
 * 50 ms of a restored function's first answer at Lambda's CPU share). Here streams are read as a job's is, through
 * a {@link FalStatusStreamApi} client of its own, from a server on the loopback interface that answers a status and
 * COMPLETED, then stops. Both are closed before start-up ends: nothing of it is left in a SnapStart snapshot.
 */
@ApplicationScoped
public class StatusStreamPriming {

    private static final String EVENTS = """
            data: {"status": "IN_PROGRESS", "request_id": "priming"}

            : keep-alive

            data: {"status": "COMPLETED", "request_id": "priming", "metrics": {"inference_time": 0.1}}

            """;
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final ObjectMapper mapper;

    @Inject
    public StatusStreamPriming(Vertx vertx, ObjectMapper mapper) {
        this.vertx = vertx;
        this.mapper = mapper;
    }

    /** Reads {@code rounds} streams to their COMPLETED status; returns what happened, for the priming's debug line. */
    public String prime(int rounds) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
                .putHeader("Content-Type", "text/event-stream").end(EVENTS));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            FalStatusStreamApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create("http://127.0.0.1:" + server.actualPort())).build(FalStatusStreamApi.class);
            try {
                for (int round = 0; round < rounds; round++) {
                    try (FalStatusStream stream = FalStatusStream.open(api.statusStream("priming", "close"), mapper,
                            QUIET)) {
                        while (!stream.next(QUIET).orElseThrow().completed()) {
                            // IN_PROGRESS, then COMPLETED: read as a job's stream is.
                        }
                    }
                }
                return rounds + " stream(s) read";
            } finally {
                ((AutoCloseable) api).close();
            }
        } catch (Exception e) {
            return "stream " + e.getClass().getSimpleName();
        } finally {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
