package dev.characterremix.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.SpendLimits;
import io.quarkus.runtime.Startup;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The operator's daily image limits: one DynamoDB item per UTC day counts the images submitted, and with a per-caller
 * limit one item per caller and day beside it. Each is raised by a single conditional {@code UpdateItem} before each
 * submit, so of two racing requests that would both cross a limit only one gets through, whichever function or
 * environment they run in; when the caller's item refuses, the day's count is given back. A reservation is given back when fal refused the
 * submit outright; one that fal may have accepted (and billed) is kept. A crash between the reservation and the
 * submit leaves the images counted: the limit errs towards spending less.
 *
 * <p>Fails closed: when the counter cannot be reached the request is refused as unavailable (a retry may pass),
 * because a spend guard that lets everything through when it is down guards nothing.
 *
 * <p>Made at start-up, so a limit without its table stops the function there, and the DynamoDB client is built during
 * init (before a SnapStart snapshot) rather than in the first request.
 */
@Startup
@ApplicationScoped
public class DailyImageLimit {

    private static final Logger LOG = Logger.getLogger(DailyImageLimit.class);
    /** The limit's name in errors and metrics. */
    public static final String LIMIT = "max_images_per_day";
    /** The per-caller limit's name in errors and metrics. */
    public static final String CALLER_LIMIT = "max_images_per_caller_per_day";
    static final String KEY = "pk";
    static final String IMAGES = "images";
    static final String EXPIRES_AT = "expires_at";
    /** Each day's item is removed by DynamoDB's TTL a while after its day, kept long enough to read back. */
    static final Duration KEPT = Duration.ofDays(3);

    private final SpendLimits limits;
    private final JobMetrics metrics;
    private final Clock clock;
    /** Built with the bean (during init, before a snapshot); null without a daily limit. */
    private final DynamoDbClient client;

    @Inject
    public DailyImageLimit(SpendLimits limits, JobMetrics metrics, Clock clock, UsageTableClient table) {
        if ((limits.maxImagesPerDay().isPresent() || limits.maxImagesPerCallerPerDay().isPresent())
                && limits.usageTable().isEmpty()) {
            throw new IllegalStateException("remix.limits." + (limits.maxImagesPerDay().isPresent()
                    ? "max-images-per-day"
                    : "max-images-per-caller-per-day") + " needs remix.limits.usage-table "
                    + "(REMIX_LIMITS_USAGE_TABLE), the DynamoDB table that counts the day's images");
        }
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.client = limits.maxImagesPerDay().isPresent() || limits.maxImagesPerCallerPerDay().isPresent()
                ? table.get()
                : null;
    }

    /**
     * Counts {@code request}'s images against today's limit and {@code caller}'s, or refuses it; a no-op without
     * daily limits.
     */
    public Reservation reserve(RemixRequest request, Caller caller) {
        int images = request.imagesOrDefault();
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Reservation all = limits.maxImagesPerDay().isEmpty()
                ? Reservation.NONE
                : count("images#" + day, LIMIT, "The daily image limit", limits.maxImagesPerDay().getAsInt(),
                        images, now, day);
        if (limits.maxImagesPerCallerPerDay().isEmpty()) {
            return all;
        }
        try {
            Reservation mine = count("images#" + day + "#" + caller.id(), CALLER_LIMIT,
                    "Your daily image limit", limits.maxImagesPerCallerPerDay().getAsInt(), images, now, day);
            return new Reservation(() -> {
                mine.release();
                all.release();
            });
        } catch (RuntimeException e) {
            all.release();
            throw e;
        }
    }

    private Reservation count(String key, String limit, String what, int max, int images, Instant now,
            LocalDate day) {
        if (images > max) {
            throw refused(limit, what, max, images, null, now, day);
        }
        try {
            var answer = client.updateItem(update -> update.tableName(limits.usageTable().get())
                    .key(Map.of(KEY, AttributeValue.fromS(key)))
                    .updateExpression("ADD #images :n SET #expires = if_not_exists(#expires, :expires)")
                    .conditionExpression("attribute_not_exists(#images) OR #images <= :room")
                    .expressionAttributeNames(Map.of("#images", IMAGES, "#expires", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":n", number(images), ":room", number(max - images),
                            ":expires",
                            number(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).plus(KEPT).toEpochSecond())))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            LOG.debugf("%d image(s) counted for %s: %s of %d", images, day,
                    answer.attributes().getOrDefault(IMAGES, number(0)).n(), max);
            return new Reservation(() -> release(key, images));
        } catch (ConditionalCheckFailedException e) {
            AttributeValue used = e.item() == null ? null : e.item().get(IMAGES);
            throw refused(limit, what, max, images, used == null ? null : used.n(), now, day);
        } catch (SdkException e) {
            throw new UpstreamUnavailableError(0, false, Duration.ofSeconds(5), "The daily image count could not be "
                    + "read (" + e.getClass().getSimpleName() + "); the request was not sent to fal", null);
        }
    }

    private LimitReachedError refused(String limit, String what, int max, int images, String used, Instant now,
            LocalDate day) {
        metrics.refused(limit);
        Duration untilTomorrow = Duration.between(now, day.plusDays(1).atStartOfDay(ZoneOffset.UTC));
        return new LimitReachedError(limit, untilTomorrow, what + " is reached: " + limit + " is "
                + max + (used == null ? "" : ", " + used + " already used today (UTC)") + ", and this request asks "
                + "for " + images + "; it resets at 00:00 UTC");
    }

    void release(String key, int images) {
        try {
            client.updateItem(update -> update.tableName(limits.usageTable().get())
                    .key(Map.of(KEY, AttributeValue.fromS(key)))
                    .updateExpression("ADD #images :n")
                    .conditionExpression("attribute_exists(#images)")
                    .expressionAttributeNames(Map.of("#images", IMAGES))
                    .expressionAttributeValues(Map.of(":n", number(-images))));
        } catch (SdkException e) {
            LOG.warnf("%d image(s) fal did not take stay counted for %s: %s", images, key, e.getMessage());
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Images counted for one request; {@link #release()} gives them back when fal did not take the job. */
    public static final class Reservation {

        static final Reservation NONE = new Reservation(() -> {
        });

        private final Runnable release;
        private boolean released;

        Reservation(Runnable release) {
            this.release = release;
        }

        /** Gives the images back, once. */
        public void release() {
            if (!released) {
                released = true;
                release.run();
            }
        }
    }
}
