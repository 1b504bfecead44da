package dev.characterremix.s3;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who is handling an upload: the delivery (an SQS message, or a Lambda request for S3's direct notifications), one
 * attempt of it, and the latest moment the attempt can still be working (its invocation's end). A claim records all
 * three, so a redelivery of the same message takes over at once, an attempt recognises its own write after a lost
 * S3 answer, and a claim whose holder must have stopped is free without waiting out a fixed lease.
 */
public record Delivery(String id, String attemptId, Instant workingUntil) {

    /** A Lambda invocation ends at its deadline; a little slack covers clocks that disagree. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(10);

    /** One attempt at an SQS message, in an invocation with {@code remainingMillis} left (0: unknown). */
    public static Delivery sqsMessage(String messageId, long remainingMillis, Duration fallbackLease) {
        return new Delivery("sqs:" + messageId, UUID.randomUUID().toString(), until(remainingMillis, fallbackLease));
    }

    /** One attempt at a direct S3 notification, in Lambda request {@code requestId}. */
    public static Delivery lambdaRequest(String requestId, long remainingMillis, Duration fallbackLease) {
        return new Delivery("lambda:" + (requestId == null ? UUID.randomUUID() : requestId),
                UUID.randomUUID().toString(), until(remainingMillis, fallbackLease));
    }

    /** fal's webhook delivery of job {@code falRequestId}, in an invocation with {@code remainingMillis} left. */
    public static Delivery webhook(String falRequestId, long remainingMillis, Duration fallbackLease) {
        return new Delivery("webhook:" + falRequestId, UUID.randomUUID().toString(),
                until(remainingMillis, fallbackLease));
    }

    /** Whether this is a queue message's delivery, which SQS hands out again until it is consumed. */
    public boolean fromQueue() {
        return id.startsWith("sqs:");
    }

    private static Instant until(long remainingMillis, Duration fallbackLease) {
        Duration left = remainingMillis > 0 ? Duration.ofMillis(remainingMillis).plus(CLOCK_SLACK) : fallbackLease;
        return Instant.now().plus(left);
    }
}
