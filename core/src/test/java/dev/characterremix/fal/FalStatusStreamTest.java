package dev.characterremix.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.resteasy.reactive.client.SseEvent;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/** The status stream as the waiting thread reads it, fed by hand the way the REST client feeds it. */
class FalStatusStreamTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration QUIET = Duration.ofMillis(300);

    final AtomicReference<MultiEmitter<? super SseEvent<String>>> emitter = new AtomicReference<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final Multi<SseEvent<String>> events = Multi.createFrom().<SseEvent<String>>emitter(emitter::set)
            .onCancellation().invoke(() -> cancelled.set(true));

    static SseEvent<String> data(String json) {
        return event(json, null);
    }

    static SseEvent<String> comment() {
        return event(null, "keep-alive");
    }

    static SseEvent<String> event(String data, String comment) {
        return new SseEvent<>() {
            @Override
            public String id() {
                return null;
            }

            @Override
            public String name() {
                return null;
            }

            @Override
            public String comment() {
                return comment;
            }

            @Override
            public String data() {
                return data;
            }
        };
    }

    /** What the server sends once the stream is subscribed to (on another thread, as the event loop would). */
    void whenSubscribed(Consumer<MultiEmitter<? super SseEvent<String>>> send) {
        new Thread(() -> {
            while (emitter.get() == null) {
                Thread.onSpinWait();
            }
            send.accept(emitter.get());
        }).start();
    }

    FalStatusStream opened(String first) {
        whenSubscribed(emitter -> emitter.emit(data(first)));
        return FalStatusStream.open(events, JSON, QUIET);
    }

    @Test
    void theFirstStatusIsReadWhenTheStreamOpensAndHandedOutFirst() {
        try (FalStatusStream stream = opened("{\"status\":\"IN_QUEUE\",\"queue_position\":2}")) {
            FalQueueStatus first = stream.next(Duration.ZERO).orElseThrow();

            assertThat(first.status()).isEqualTo("IN_QUEUE");
            assertThat(first.queuePosition()).isEqualTo(2);
        }
    }

    @Test
    void keepAlivesAreNotStatusesButKeepAQuietStreamOpen() throws Exception {
        try (FalStatusStream stream = opened("{\"status\":\"IN_PROGRESS\"}")) {
            stream.next(Duration.ZERO);
            for (int i = 0; i < 4; i++) {
                emitter.get().emit(comment());
                assertThat(stream.next(Duration.ofMillis(150))).isEmpty();
            }
            emitter.get().emit(data("{\"status\":\"COMPLETED\"}"));

            assertThat(stream.next(Duration.ofSeconds(1)).orElseThrow().completed()).isTrue();
        }
    }

    @Test
    void aStreamSilentPastItsQuietLimitIsCut() {
        try (FalStatusStream stream = opened("{\"status\":\"IN_PROGRESS\"}")) {
            stream.next(Duration.ZERO);

            assertThatThrownBy(() -> stream.next(Duration.ofSeconds(5))).isInstanceOf(FalStatusStream.Cut.class)
                    .hasMessageContaining("silent for 300 ms");
        }
    }

    @Test
    void aStreamEndingBeforeTheJobIsDoneIsCut() {
        try (FalStatusStream stream = opened("{\"status\":\"IN_PROGRESS\"}")) {
            stream.next(Duration.ZERO);
            emitter.get().complete();

            assertThatThrownBy(() -> stream.next(Duration.ofSeconds(5))).isInstanceOf(FalStatusStream.Cut.class)
                    .hasMessageContaining("ended before the job was done");
        }
    }

    @Test
    void aFailureBeforeTheFirstStatusIsTheRequestsOwn() {
        whenSubscribed(emitter -> emitter
                .fail(new FalHttpException(404, "{\"detail\":\"Not Found\"}", null, null, null)));

        assertThatThrownBy(() -> FalStatusStream.open(events, JSON, QUIET)).isInstanceOf(FalHttpException.class);
    }

    @Test
    void aConnectionClosedBeforeTheFirstStatusIsACut() {
        whenSubscribed(emitter -> emitter.fail(new io.vertx.core.http.HttpClosedException("Connection was closed")));

        assertThatThrownBy(() -> FalStatusStream.open(events, JSON, QUIET)).isInstanceOf(FalStatusStream.Cut.class)
                .hasMessageContaining("HttpClosedException");
    }

    @Test
    void anEventThatIsNotAStatusCutsTheStream() {
        try (FalStatusStream stream = opened("{\"status\":\"IN_PROGRESS\"}")) {
            stream.next(Duration.ZERO);
            emitter.get().emit(data("<html>proxy error</html>"));

            assertThatThrownBy(() -> stream.next(Duration.ofSeconds(5))).isInstanceOf(FalStatusStream.Cut.class)
                    .hasMessageContaining("not a status object");
        }
    }

    @Test
    void closingCancelsTheSubscriptionSoTheConnectionCloses() {
        FalStatusStream stream = opened("{\"status\":\"IN_QUEUE\"}");

        stream.close();

        assertThat(cancelled).isTrue();
    }
}
