package dev.characterremix.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.IdempotencyConflictError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.usage.UsageTableClient;
import io.quarkus.runtime.Startup;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Idempotency keys for the triggers that answer (HTTP API, direct invocation): a retry with the same key and the same
 * request answers the job the first attempt paid for instead of submitting another. A key is the caller's (another
 * caller's same key is another key), is stored with a fingerprint of the request (the same key with another request is
 * a {@link ValidationError} naming where the key was sent) and is kept for {@link IdempotencyConfig#ttl()}.
 *
 * <p>A key is taken before the submit and given fal's request id right after it, the same narrow window as an S3
 * upload's claim: a retry inside it (the first attempt's submit in flight) waits up to
 * {@link IdempotencyConfig#pendingWait()} for the id and otherwise gets {@link IdempotencyConflictError}; a key whose
 * first attempt died inside it is taken over after {@link IdempotencyConfig#takeoverAfter()} and submitted again.
 * When fal did not take the job, the key is given up, so a retry submits.
 */
@Startup
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What a key says about one attempt: submit (and then {@link #complete} or {@link #abandon}), or replay a job. */
    public static final class Ticket {
        private final IdempotencyKeys keys;
        private final String id;
        private final String replay;

        private Ticket(IdempotencyKeys keys, String id, String replay) {
            this.keys = keys;
            this.id = id;
            this.replay = replay;
        }

        /** fal's request id of the job an earlier attempt with this key started; empty: this attempt submits. */
        public Optional<String> replay() {
            return Optional.ofNullable(replay);
        }

        /** Records the job this attempt submitted; a retry answers it from now on. */
        public void complete(String falRequestId) {
            if (keys != null && replay == null) {
                keys.complete(id, falRequestId);
            }
        }

        /** fal did not take the job: the key is given up, so a retry submits. */
        public void abandon() {
            if (keys != null && replay == null) {
                keys.abandon(id);
            }
        }
    }

    /** No key: every attempt submits. */
    public static final Ticket NONE = new Ticket(null, null, null);

    private final IdempotencyConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final IdempotencyStore store;

    @Inject
    public IdempotencyKeys(IdempotencyConfig config, ObjectMapper mapper, Clock clock, UsageTableClient usageTable) {
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.store = config.table().isPresent()
                ? new DynamoDbIdempotencyStore(usageTable.get(), config.table().get())
                : new InMemoryIdempotencyStore();
    }

    /** The ticket for {@code caller}'s {@code key} on {@code request}; {@link #NONE} without a key. */
    public Ticket begin(Caller caller, IdempotencyKey key, RemixRequest request) {
        if (key == null) {
            return NONE;
        }
        String id = id(caller, key);
        String fingerprint = fingerprint(request);
        try {
            long until = System.nanoTime() + config.pendingWait().toNanos();
            while (true) {
                Instant now = clock.instant();
                Optional<IdempotencyRecord> held = store.begin(id, fingerprint, now, now.plus(config.ttl()));
                if (held.isEmpty()) {
                    return new Ticket(this, id, null);
                }
                IdempotencyRecord record = held.get();
                if (!record.fingerprint().equals(fingerprint)) {
                    throw new ValidationError(ValidationError.Source.REQUEST, List.of(Violation.of(key.field(),
                            "was already used for a different request (a key is kept " + config.ttl().toHours()
                                    + " h): send a new key with a new request")));
                }
                if (record.falRequestId().isPresent()) {
                    LOG.infof("idempotency key of %s: answering fal job %s again", caller, record.falRequestId().get());
                    return new Ticket(this, id, record.falRequestId().get());
                }
                if (Duration.between(record.createdAt(), now).compareTo(config.takeoverAfter()) > 0
                        && store.takeOver(id, record, now, now.plus(config.ttl()))) {
                    LOG.warnf("idempotency key of %s: its first attempt never recorded a submit; submitting now",
                            caller);
                    return new Ticket(this, id, null);
                }
                if (System.nanoTime() > until) {
                    throw new IdempotencyConflictError("A request with this " + key.field() + " is being submitted "
                            + "right now; retry in a moment to get its job");
                }
                sleep();
            }
        } catch (SdkException e) {
            throw new UpstreamUnavailableError(0, false, Duration.ofSeconds(2), "The idempotency key could not be "
                    + "checked (" + e.getClass().getSimpleName() + "); the request was not sent to fal", null);
        }
    }

    private void complete(String id, String falRequestId) {
        try {
            store.complete(id, falRequestId);
        } catch (RuntimeException e) {
            // The job is paid for; a retry waits, then takes the key over after takeover-after.
            LOG.errorf("idempotency key: fal job %s could not be recorded: %s", falRequestId, e.getMessage());
        }
    }

    private void abandon(String id) {
        try {
            store.abandon(id);
        } catch (RuntimeException e) {
            LOG.warnf("idempotency key could not be given up (%s); a retry takes it over later", e.getMessage());
        }
    }

    /** The key's item: per caller, the key itself hashed (a key may be anything a caller chose). */
    static String id(Caller caller, IdempotencyKey key) {
        return "idem#" + caller.id() + "#" + sha256(key.value().getBytes(StandardCharsets.UTF_8));
    }

    /** The request as it would be sent to fal, hashed: the same fields and values give the same fingerprint. */
    private String fingerprint(RemixRequest request) {
        try {
            return sha256(mapper.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid request is always writable", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyConflictError("Interrupted while waiting for the first attempt with this key");
        }
    }
}
