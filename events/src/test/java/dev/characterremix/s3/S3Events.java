package dev.characterremix.s3;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.testing.Fixtures;

/**
 * TEST ONLY: the events the S3 function receives, built from AWS's documented samples: an S3 notification
 * ({@code events/s3-put.json}), and an SQS event ({@code events/sqs-s3.json}) whose messages carry S3 notifications,
 * as an S3 → SQS → Lambda set-up delivers them.
 */
public final class S3Events {

    /** One SQS message as the event source mapping hands it over. */
    public record Message(String id, int receiveCount, String body) {
    }

    private S3Events() {
    }

    /** S3's notification of one created object, its key URL-encoded as S3 does. */
    public static String notification(String bucket, String key, long size, String eTag) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return Fixtures.text("events/s3-put.json").replace("__BUCKET__", bucket).replace("__KEY__", encoded)
                .replace("__SIZE__", Long.toString(size)).replace("__ETAG__", eTag.replace("\"", ""));
    }

    /** S3's test event, sent when a notification configuration is saved. */
    public static String testEvent(String bucket) {
        return Fixtures.text("events/s3-test-event.json").replace("__BUCKET__", bucket);
    }

    /** An SQS event carrying these messages. */
    public static String sqs(List<Message> messages) {
        ObjectNode sample = (ObjectNode) Fixtures.json("events/sqs-s3.json");
        ObjectNode template = (ObjectNode) sample.get("Records").get(0);
        ArrayNode records = sample.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = template.deepCopy();
            record.put("messageId", message.id()).put("body", message.body());
            ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount",
                    Integer.toString(message.receiveCount()));
            records.add(record);
        }
        return sample.toString();
    }

    public static String sqs(Message... messages) {
        return sqs(List.of(messages));
    }
}
