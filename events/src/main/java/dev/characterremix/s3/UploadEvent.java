package dev.characterremix.s3;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the S3 function receives: an SQS event whose message bodies are S3 notifications (S3 → queue → function, the
 * recommended set-up), or an S3 notification itself (S3 invoking the function directly, as earlier deployments do).
 * Both have {@code Records}; an SQS record has a {@code messageId} and a {@code body}, an S3 record an {@code s3}
 * entity. A notification body may also be S3's {@code s3:TestEvent}, sent when a notification is configured.
 * Only the fields the function reads are declared.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadEvent(@JsonProperty("Records") List<EventRecord> records, @JsonProperty("Event") String event) {

    static final String SQS = "aws:sqs";
    static final String S3 = "aws:s3";
    static final String TEST_EVENT = "s3:TestEvent";

    /** One record: an SQS message or an S3 notification record. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EventRecord(String eventSource, String eventName, String eventTime, S3Entity s3, String messageId,
            String body, Map<String, String> attributes) {

        /** When S3 saw the upload (an S3 record's {@code eventTime}); null when absent or unreadable. */
        Instant uploadedAt() {
            try {
                return eventTime == null ? null : Instant.parse(eventTime);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        boolean fromSqs() {
            return SQS.equals(eventSource);
        }

        /** How often SQS has handed this message out, 1 the first time. */
        int receiveCount() {
            String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
            try {
                return count == null ? 1 : Integer.parseInt(count);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Entity(Bucket bucket, S3Object object) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size, @JsonProperty("eTag") String eTag, String versionId) {
    }

    public List<EventRecord> recordsOrEmpty() {
        return records == null ? List.of() : records;
    }

    public boolean testEvent() {
        return TEST_EVENT.equals(event);
    }

    /** Whether this is an SQS event (every record from SQS), as against S3's own notification. */
    public boolean fromSqs() {
        return !recordsOrEmpty().isEmpty() && recordsOrEmpty().stream().allMatch(EventRecord::fromSqs);
    }
}
