package dev.characterremix.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * A key's record: the fingerprint of the request first sent with it, when, and fal's request id once the submit was
 * accepted (empty while that first attempt's submit is in flight, or if it died there).
 */
public record IdempotencyRecord(String fingerprint, Instant createdAt, Optional<String> falRequestId) {
}
