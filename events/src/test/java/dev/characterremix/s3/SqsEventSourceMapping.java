package dev.characterremix.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.testing.Fixtures;

/**
 * TEST ONLY (tests and the benchmark): an SQS queue and the Lambda event source mapping that drains it, as AWS
 * documents them, scaled down in time. Messages are handed out in order to at most {@code maxConcurrency} invocations
 * at once (the mapping's maximum concurrency), one message per batch, as SQS events in AWS's documented shape
 * ({@code events/sqs-s3.json}); a message named in the answer's {@code batchItemFailures} (or in a failed invocation)
 * becomes visible again after the visibility timeout, and after {@code maxReceiveCount} receives goes to the
 * dead-letter list instead; any other message is deleted.
 */
public final class SqsEventSourceMapping {

    /** One message in the queue. */
    static final class Message {
        final String id = UUID.randomUUID().toString();
        final String body;
        final long sentAt = System.currentTimeMillis();
        volatile long visibleAt;
        volatile int receives;

        Message(String body) {
            this.body = body;
        }
    }

    private final Function<String, String> invoke;
    private final int maxConcurrency;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private final PriorityBlockingQueue<Message> queue = new PriorityBlockingQueue<>(64,
            Comparator.comparingLong((Message m) -> m.visibleAt).thenComparingLong(m -> m.sentAt));
    private final List<Message> deadLetters = new ArrayList<>();
    /** Messages sent and neither deleted nor dead-lettered yet: the queue is drained when none is left. */
    private final AtomicInteger outstanding = new AtomicInteger();
    public final AtomicInteger invocations = new AtomicInteger();
    public final AtomicInteger redeliveries = new AtomicInteger();
    public final AtomicLong invocationMillis = new AtomicLong();

    /**
     * @param invoke runs the function on an SQS event (JSON) and returns its answer (JSON); an exception is a failed
     *     invocation, which puts every message of the batch back
     */
    public SqsEventSourceMapping(Function<String, String> invoke, int maxConcurrency, Duration visibilityTimeout,
            int maxReceiveCount) {
        this.invoke = invoke;
        this.maxConcurrency = maxConcurrency;
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceiveCount = maxReceiveCount;
    }

    /** Sends an S3 notification (JSON) to the queue, as S3 does. */
    public String send(String s3Notification) {
        Message message = new Message(s3Notification);
        outstanding.incrementAndGet();
        queue.add(message);
        return message.id;
    }

    /** Drains the queue: returns once every message was deleted or dead-lettered, or {@code limit} passed. */
    public boolean drain(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        ExecutorService pollers = Executors.newFixedThreadPool(maxConcurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < maxConcurrency; i++) {
                workers.add(pollers.submit(() -> poll(end)));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    return false;
                }
            }
            return outstanding.get() == 0;
        } finally {
            pollers.shutdownNow();
        }
    }

    private Void poll(long end) throws InterruptedException {
        while (System.nanoTime() < end) {
            // A worker stops only when every message is settled, not when the queue is briefly empty: another worker
            // may hold the last message, and put it back if its invocation fails.
            if (outstanding.get() == 0) {
                return null;
            }
            Message message = queue.poll();
            if (message == null) {
                Thread.sleep(5);
                continue;
            }
            long wait = message.visibleAt - System.currentTimeMillis();
            if (wait > 0) {
                queue.add(message);
                Thread.sleep(Math.min(wait, 20));
                continue;
            }
            deliver(message);
        }
        return null;
    }

    private void deliver(Message message) {
        message.receives++;
        if (message.receives > 1) {
            redeliveries.incrementAndGet();
        }
        invocations.incrementAndGet();
        long start = System.nanoTime();
        Set<String> failed;
        try {
            JsonNode answer = Fixtures.MAPPER.readTree(
                    invoke.apply(S3Events.sqs(new S3Events.Message(message.id, message.receives, message.body))));
            failed = new HashSet<>();
            for (JsonNode failure : answer.path("batchItemFailures")) {
                failed.add(failure.path("itemIdentifier").asText());
            }
        } catch (Exception e) {
            failed = Set.of(message.id);
        } finally {
            invocationMillis.addAndGet((System.nanoTime() - start) / 1_000_000);
        }
        if (!failed.contains(message.id)) {
            outstanding.decrementAndGet();
            return;
        }
        if (message.receives >= maxReceiveCount) {
            synchronized (deadLetters) {
                deadLetters.add(message);
            }
            outstanding.decrementAndGet();
            return;
        }
        message.visibleAt = System.currentTimeMillis() + visibilityTimeout.toMillis();
        queue.add(message);
    }

    public List<String> deadLetters() {
        synchronized (deadLetters) {
            return deadLetters.stream().map(m -> m.body).toList();
        }
    }
}
