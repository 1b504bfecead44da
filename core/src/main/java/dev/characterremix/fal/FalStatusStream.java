package dev.characterremix.fal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;

import org.jboss.resteasy.reactive.client.SseEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * One open status stream of a fal job, read on the thread that waits for the job. The events arrive on the HTTP
 * client's event loop and are handed over through a queue, so everything done with a status (fetching a result,
 * the job's trace, which is per thread) stays on the waiting thread and the event loop is never blocked. Closing it
 * cancels the subscription, which closes the connection: nothing is left open after a job, nor in a snapshot.
 */
public final class FalStatusStream implements AutoCloseable {

    /** The stream ended, failed or went quiet before the job was done: read the job another way. */
    public static final class Cut extends RuntimeException {
        Cut(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private sealed interface Signal {
    }

    private record Event(SseEvent<String> event) implements Signal {
    }

    private record Failed(Throwable failure) implements Signal {
    }

    private record Ended() implements Signal {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final ObjectMapper json;
    private final Duration quiet;
    private final Cancellable subscription;
    /** The first status, read by {@link #open} and handed out by the first {@link #next}. */
    private FalQueueStatus pending;
    private boolean over;
    /** When the stream was last heard from (a status or a keep-alive), {@link System#nanoTime()}. */
    private long heardAt = System.nanoTime();

    private FalStatusStream(Multi<SseEvent<String>> events, ObjectMapper json, Duration quiet) {
        this.json = json;
        this.quiet = quiet;
        this.subscription = events.subscribe().with(event -> signals.add(new Event(event)),
                failure -> signals.add(new Failed(failure)), () -> signals.add(new Ended()));
    }

    /**
     * Opens the stream and waits for its first status, which fal sends at once: an HTTP error or a refused
     * connection is thrown here as the REST client reports it (so the caller's fault tolerance sees it), not later.
     */
    static FalStatusStream open(Multi<SseEvent<String>> events, ObjectMapper json, Duration quiet) {
        FalStatusStream stream = new FalStatusStream(events, json, quiet);
        try {
            Optional<FalQueueStatus> first = stream.next(quiet);
            if (first.isEmpty()) {
                throw new Cut("fal's status stream sent no status within " + quiet.toMillis() + " ms", null);
            }
            stream.pending = first.get();
            return stream;
        } catch (Cut e) {
            stream.close();
            // Before the first status, fal's answer (4xx/5xx) or a refused connection is the request's own failure,
            // thrown as the REST client reports it; anything else (a cut, a closed connection) stays a cut.
            if (e.getCause() instanceof FalHttpException || e.getCause() instanceof ProcessingException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * The next status fal sends, or empty when {@code wait} passes first. Keep-alive comments are not statuses but
     * show the stream is alive; a stream silent for longer than its quiet limit (fal sends a keep-alive every 15 s),
     * ended before a COMPLETED status, or failed is {@link Cut}.
     */
    public Optional<FalQueueStatus> next(Duration wait) {
        if (pending != null) {
            FalQueueStatus first = pending;
            pending = null;
            return Optional.of(first);
        }
        if (over) {
            throw new Cut("fal's status stream is closed", null);
        }
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietEnd = heardAt + quiet.toNanos();
            if (now - end >= 0) {
                return Optional.empty();
            }
            if (now - quietEnd >= 0) {
                over = true;
                throw new Cut("fal's status stream was silent for " + quiet.toMillis() + " ms", null);
            }
            Signal signal;
            try {
                signal = signals.poll(Math.min(end, quietEnd) - now, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                over = true;
                throw new Cut("interrupted while reading fal's status stream", e);
            }
            if (signal == null) {
                continue;
            }
            if (signal instanceof Event received) {
                heardAt = System.nanoTime();
                String data = received.event().data();
                if (data != null && !data.isBlank()) {
                    return Optional.of(parse(data));
                }
            } else if (signal instanceof Failed failed) {
                over = true;
                Throwable failure = failed.failure();
                throw new Cut("fal's status stream failed: " + failure.getClass().getSimpleName(),
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            } else {
                over = true;
                throw new Cut("fal's status stream ended before the job was done", null);
            }
        }
    }

    private FalQueueStatus parse(String data) {
        try {
            FalQueueStatus status = json.readValue(data, FalQueueStatus.class);
            if (status == null || status.status() == null) {
                throw new Cut("fal's status stream sent an event without a status", null);
            }
            return status;
        } catch (IOException e) {
            over = true;
            throw new Cut("fal's status stream sent an event that is not a status object", e);
        }
    }

    @Override
    public void close() {
        over = true;
        subscription.cancel();
    }
}
