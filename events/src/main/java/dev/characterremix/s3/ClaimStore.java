package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Claims uploads with S3 conditional writes, so each upload (each version of a key) runs one fal job however often it
 * is delivered. A new claim is created with {@code If-None-Match: *}; a claim whose attempt failed, or that has been
 * in flight longer than the lease (its Lambda crashed or timed out), is taken over with {@code If-Match} on its
 * ETag, so of two racing deliveries exactly one wins. Claims live next to the data, in the same bucket.
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

    /** Claims the upload for this attempt; empty when another attempt holds it or it is already done. */
    public Optional<Held> claim(S3Upload upload) {
        Claim fresh = new Claim(Claim.State.CLAIMED, null, 1, Instant.now(), upload.bucket(), upload.key(),
                upload.revision());
        Optional<String> created = put(upload, fresh, null);
        if (created.isPresent()) {
            return Optional.of(new Held(fresh, created.get()));
        }
        Optional<Stored> existing = read(upload);
        if (existing.isEmpty()) {
            // Deleted between our attempt and the read: try once more from scratch.
            return put(upload, fresh, null).map(eTag -> new Held(fresh, eTag));
        }
        Claim current = existing.get().claim();
        if (current.state() == Claim.State.DONE) {
            LOG.infof("s3://%s/%s (%s) is already done; skipping", upload.bucket(), upload.key(), upload.revision());
            return Optional.empty();
        }
        boolean stale = current.updatedAt() == null
                || current.updatedAt().plus(config.claimLease()).isBefore(Instant.now());
        if (current.inFlight() && !stale) {
            LOG.infof("s3://%s/%s (%s) is being handled by another attempt (%s since %s); skipping", upload.bucket(),
                    upload.key(), upload.revision(), current.state(), current.updatedAt());
            return Optional.empty();
        }
        Claim takeover = new Claim(current.falRequestId() == null ? Claim.State.CLAIMED : Claim.State.SUBMITTED,
                current.falRequestId(), current.attempt() + 1, Instant.now(), upload.bucket(), upload.key(),
                upload.revision());
        LOG.infof("s3://%s/%s (%s): taking over a %s claim (attempt %d)", upload.bucket(), upload.key(),
                upload.revision(), stale && current.inFlight() ? "stale" : current.state().name().toLowerCase(),
                takeover.attempt());
        return put(upload, takeover, existing.get().eTag()).map(eTag -> new Held(takeover, eTag));
    }

    /** Moves a held claim on (e.g. to SUBMITTED with fal's request id); returns the claim as now held. */
    public Held update(S3Upload upload, Held held, Claim.State state, String falRequestId) {
        Claim next = held.claim().with(state, falRequestId);
        String eTag = put(upload, next, held.eTag()).orElseThrow(() -> new IllegalStateException(
                "the claim on s3://" + upload.bucket() + "/" + upload.key() + " was taken by another attempt"));
        return new Held(next, eTag);
    }

    String claimKey(S3Upload upload) {
        return config.claimPrefix() + upload.key() + "@" + upload.revision().replace("\"", "") + ".json";
    }

    private record Stored(Claim claim, String eTag) {
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
