package dev.characterremix.jobends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.job.RemixResult;
import dev.characterremix.usage.UsageTableClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ends of HTTP jobs as fal's webhooks report them, so a GET of a finished job needs no call to fal: one item per
 * completed job in the usage table ({@code end#<fal request id>}, fal's output as JSON), written once by the webhook
 * function and removed by the table's TTL. Only completed jobs are recorded (a failed job's GET asks fal, which says
 * why), and only results that fit an item: a {@code sync_mode} result of data URIs past {@link #MAX_RESULT_CHARS} is
 * left to fal. Who may see a job is decided before this is read: by the caller's job handle, as for fal.
 */
@ApplicationScoped
public class JobEnds {

    private static final Logger LOG = Logger.getLogger(JobEnds.class);

    /** What a webhook token names for an HTTP job. */
    public static final String PURPOSE = "{\"kind\":\"http\"}";
    /** DynamoDB's items are at most 400 KB; a result past this is not recorded. */
    static final int MAX_RESULT_CHARS = 350_000;
    static final String KEY = "pk";
    static final String RESULT = "result";
    static final String EXPIRES_AT = "expires_at";

    private final UsageTableClient dynamo;
    private final JobEndsConfig config;
    private final ObjectMapper mapper;

    @Inject
    public JobEnds(UsageTableClient dynamo, JobEndsConfig config, ObjectMapper mapper) {
        this.dynamo = dynamo;
        this.config = config;
        this.mapper = mapper;
        if (enabled()) {
            // Built with the bean, as the idempotency keys build it: during init, before a SnapStart snapshot.
            dynamo.get();
        }
    }

    /** Whether ends are recorded: HTTP submits then ask fal for a webhook naming {@link #PURPOSE}. */
    public boolean enabled() {
        return config.table().isPresent();
    }

    /** Whether a webhook token's purpose names an HTTP job. */
    public boolean names(String purpose) {
        try {
            return "http".equals(mapper.readTree(purpose).path("kind").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records a completed job's output, once; false when it was already recorded (a replayed delivery) or cannot be
     * (no table, or a result too large for an item).
     */
    public boolean record(RemixResult result) {
        if (!enabled()) {
            return false;
        }
        String json;
        try {
            json = mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (json.length() > MAX_RESULT_CHARS) {
            LOG.infof("fal job %s: its result (%d characters) is too large to record; a GET asks fal",
                    result.requestId(), json.length());
            return false;
        }
        long expires = Instant.now().plus(config.ttl()).getEpochSecond();
        try {
            dynamo.get().putItem(put -> put.tableName(config.table().get())
                    .item(Map.of(KEY, key(result.requestId()), RESULT, AttributeValue.fromS(json), EXPIRES_AT,
                            AttributeValue.fromN(Long.toString(expires))))
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", KEY)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The recorded output of fal job {@code requestId}, if its end was recorded (and not yet expired). */
    public Optional<RemixResult> completed(String requestId) {
        if (!enabled()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item;
        try {
            item = dynamo.get().getItem(get -> get.tableName(config.table().get()).key(Map.of(KEY, key(requestId))))
                    .item();
        } catch (SdkException e) {
            // The table is a shortcut, not the truth: fal still knows the job.
            LOG.warnf("fal job %s: its recorded end could not be read (%s); asking fal", requestId, e.getMessage());
            return Optional.empty();
        }
        if (item == null || item.isEmpty() || item.get(RESULT) == null) {
            return Optional.empty();
        }
        AttributeValue expires = item.get(EXPIRES_AT);
        if (expires != null && Long.parseLong(expires.n()) < Instant.now().getEpochSecond()) {
            // DynamoDB's TTL removes items within days of their expiry; until then they are still read.
            return Optional.empty();
        }
        try {
            JsonNode result = mapper.readTree(item.get(RESULT).s());
            return Optional.of(mapper.treeToValue(result, RemixResult.class));
        } catch (IOException e) {
            LOG.warnf("fal job %s: its recorded end is unreadable (%s); asking fal", requestId, e.getMessage());
            return Optional.empty();
        }
    }

    private static AttributeValue key(String requestId) {
        return AttributeValue.fromS("end#" + requestId);
    }
}
