package dev.characterremix.idempotency;

import java.time.Instant;
import java.util.Optional;

/** Where keys are kept: DynamoDB in a deployed function, memory in dev mode. Every write is conditional. */
interface IdempotencyStore {

    /**
     * Takes {@code id} for a request with {@code fingerprint}, unless it is taken (and not expired): then the record
     * that holds it is returned instead.
     */
    Optional<IdempotencyRecord> begin(String id, String fingerprint, Instant now, Instant expiresAt);

    /** Takes over a key whose record is still {@code stale} (its first attempt died before recording a submit). */
    boolean takeOver(String id, IdempotencyRecord stale, Instant now, Instant expiresAt);

    /** Records fal's request id: from now on a retry answers that job. */
    void complete(String id, String falRequestId);

    /** Gives the key up (fal did not take the job), so a retry submits. */
    void abandon(String id);

    /** The key's record, read consistently. */
    Optional<IdempotencyRecord> read(String id);
}
