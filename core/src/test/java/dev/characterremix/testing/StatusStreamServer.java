package dev.characterremix.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;

/**
 * TEST ONLY: serves fal's status stream on a JDK server as fal does: the status at once, then each change within
 * 5 ms, a keep-alive comment while nothing changes, the end after the last status. It can also misbehave as a proxy
 * or a network might: cut the connection mid-stream ({@link #cutAfter}) or refuse the route ({@link #refuse}).
 */
public final class StatusStreamServer {

    /** Thrown to drop a connection mid-answer: the JDK server closes the socket, no end of the chunked body is sent. */
    public static final class CutOnPurpose extends IOException {
        CutOnPurpose(String what) {
            super(what + " cut on purpose", null);
        }
    }

    /** A status as the stream sends it: its JSON, and whether it is the last (COMPLETED). */
    public record Status(String json, boolean last) {
    }

    /** Status streams opened. */
    public final AtomicInteger opened = new AtomicInteger();
    private volatile long keepAliveNanos;
    private volatile long cutAfterNanos;
    private volatile boolean refuse;

    public StatusStreamServer() {
        reset();
    }

    /** As fal serves streams: a keep-alive every 15 s, never cut, not refused; the count back to zero. */
    public void reset() {
        opened.set(0);
        keepAliveNanos = Duration.ofSeconds(15).toNanos();
        cutAfterNanos = 0;
        refuse = false;
    }

    public void keepAlive(Duration interval) {
        keepAliveNanos = interval.toNanos();
    }

    /** Streams are cut (the connection dropped, no end of stream) this long after they open (0: never). */
    public void cutAfter(Duration time) {
        cutAfterNanos = time.toNanos();
    }

    /** Streams are refused (404, as from a proxy that does not know the route): clients must poll. */
    public void refuse() {
        refuse = true;
    }

    /** Serves one stream of the statuses {@code current} reads, until the last one. */
    public void serve(HttpExchange exchange, Supplier<Status> current) throws IOException {
        opened.incrementAndGet();
        if (refuse) {
            HttpReplies.json(exchange, 404, "{\"detail\":\"Not Found\"}");
            return;
        }
        long start = System.nanoTime();
        long lastWrite = start;
        String last = null;
        OutputStream out = HttpReplies.eventStream(exchange);
        while (true) {
            Status status = current.get();
            long now = System.nanoTime();
            if (!status.json().equals(last)) {
                HttpReplies.event(out, status.json());
                last = status.json();
                lastWrite = now;
            } else if (now - lastWrite >= keepAliveNanos) {
                HttpReplies.comment(out);
                lastWrite = now;
            }
            if (status.last()) {
                out.close();
                return;
            }
            if (cutAfterNanos > 0 && now - start >= cutAfterNanos) {
                throw new CutOnPurpose("status stream");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
