package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Claims uploads with S3 conditional writes, so each upload (each version of a key) runs one fal job however often it
 * is delivered. A new claim is created with {@code If-None-Match: *}; an existing one is taken over with
 * {@code If-Match} on its ETag, so of two racing deliveries exactly one wins. It is taken over when it failed, when
 * its holder released it or can no longer be working (past its invocation's end), or at once by a redelivery of the
 * same message. A write whose answer was lost (the SDK's retry then meets its own write and gets 412) is recognised
 * by the attempt id it carries. Claims live next to the data, in the same bucket.
 */
@ApplicationScoped
public class ClaimStore {

    private static final Logger LOG = Logger.getLogger(ClaimStore.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;

    private final S3Client s3;
    private final S3Config config;
    private final ObjectMapper mapper;

    @Inject
    public ClaimStore(S3Client s3, S3Config config, ObjectMapper mapper) {
        this.s3 = s3;
        this.config = config;
        this.mapper = mapper;
    }

    /** A claim this attempt holds, with the ETag to update it by. */
    public record Held(Claim claim, String eTag) {
    }

    /** What a claim attempt found: the claim now held, or the claim of someone else that stands in the way. */
    public record Attempt(Held held, Claim blocking) {

        public boolean acquired() {
            return held != null;
        }

        /** The upload already has its result: nothing to do. */
        public boolean alreadyDone() {
            return blocking != null && blocking.state() == Claim.State.DONE;
        }
    }

    /** Claims the upload for {@code by}. */
    public Attempt claim(S3Upload upload, Delivery by) {
        Claim fresh = Claim.first(upload, by);
        Optional<String> created = put(upload, fresh, null);
        if (created.isPresent()) {
            return new Attempt(new Held(fresh, created.get()), null);
        }
        Optional<Stored> existing = read(upload);
        if (existing.isEmpty()) {
            // Deleted between our attempt and the read: try once more from scratch.
            return put(upload, fresh, null).map(eTag -> new Attempt(new Held(fresh, eTag), null))
                    .orElseGet(() -> new Attempt(null, read(upload).map(Stored::claim).orElse(fresh)));
        }
        Claim current = existing.get().claim();
        if (by.attemptId().equals(current.attemptId())) {
            // Our own create was applied but its answer lost; the SDK's retry met it.
            return new Attempt(new Held(current, existing.get().eTag()), null);
        }
        if (current.state() == Claim.State.DONE) {
            LOG.infof("%s (%s) is already done; skipping", upload.printable(), upload.revision());
            return new Attempt(null, current);
        }
        boolean sameDelivery = by.id().equals(current.delivery());
        if (current.inFlight() && !sameDelivery && !current.stale(Instant.now(), config.claimLease())) {
            LOG.infof("%s (%s) is held by %s (%s, until %s); this delivery will be retried", upload.printable(),
                    upload.revision(), current.delivery(), current.state(), current.heldUntil());
            return new Attempt(null, current);
        }
        Claim takeover = current.takenOverBy(by);
        LOG.infof("%s (%s): taking over a %s claim (attempt %d%s)", upload.printable(), upload.revision(),
                sameDelivery
                        ? "redelivered message's"
                        : current.inFlight()
                                ? "free"
                                : current.state().name().toLowerCase(),
                takeover.attempt(),
                takeover.falRequestId() == null ? "" : ", resuming fal job " + takeover.falRequestId());
        return write(upload, takeover, existing.get().eTag()).map(held -> new Attempt(held, null))
                .orElseGet(() -> new Attempt(null, read(upload).map(Stored::claim).orElse(current)));
    }

    /** The upload's claim as it stands, without taking it (a webhook delivery's question: whose job is this?). */
    public Optional<Claim> current(S3Upload upload) {
        return read(upload).map(Stored::claim);
    }

    /** Moves a held claim on (e.g. to SUBMITTED with fal's request id); returns the claim as now held. */
    public Held update(S3Upload upload, Held held, Claim.State state, String falRequestId) {
        return change(upload, held, claim -> claim.moved(state, falRequestId));
    }

    /** Changes a held claim; fails when another delivery has taken it over meanwhile. */
    public Held change(S3Upload upload, Held held, UnaryOperator<Claim> change) {
        Claim next = change.apply(held.claim());
        return write(upload, next, held.eTag()).orElseThrow(() -> new IllegalStateException(
                "the claim on " + upload.printable() + " was taken by another delivery"));
    }

    String claimKey(S3Upload upload) {
        return config.claimPrefix() + upload.key() + "@" + upload.revision().replace("\"", "") + ".json";
    }

    private record Stored(Claim claim, String eTag) {
    }

    /** A conditional write; on 412, reads back to tell our own applied write (answer lost) from someone else's. */
    private Optional<Held> write(S3Upload upload, Claim claim, String ifMatch) {
        Optional<String> eTag = put(upload, claim, ifMatch);
        if (eTag.isPresent()) {
            return Optional.of(new Held(claim, eTag.get()));
        }
        return read(upload).filter(stored -> claim.attemptId().equals(stored.claim().attemptId())
                && claim.state() == stored.claim().state() && claim.attempt() == stored.claim().attempt())
                .map(stored -> new Held(stored.claim(), stored.eTag()));
    }

    private Optional<Stored> read(S3Upload upload) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(upload.bucket())
                    .key(claimKey(upload)));
            return Optional.of(new Stored(mapper.readValue(bytes.asByteArray(), Claim.class), bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable claim " + claimKey(upload), e);
        }
    }

    /** Writes the claim if nobody else did first: with {@code ifMatch} null, only if none exists. */
    private Optional<String> put(S3Upload upload, Claim claim, String ifMatch) {
        try {
            byte[] body = mapper.writeValueAsBytes(claim);
            return Optional.of(s3.putObject(b -> {
                b.bucket(upload.bucket()).key(claimKey(upload)).contentType("application/json");
                if (ifMatch == null) {
                    b.ifNoneMatch("*");
                } else {
                    b.ifMatch(ifMatch);
                }
            }, RequestBody.fromBytes(body)).eTag());
        } catch (S3Exception e) {
            // 412: the condition failed; 409: a concurrent conditional write to the same key is in progress.
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
