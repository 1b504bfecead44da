package dev.characterremix.idempotency;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in this process's memory: dev mode and tests without DynamoDB. */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(IdempotencyRecord record, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public synchronized Optional<IdempotencyRecord> begin(String id, String fingerprint, Instant now,
            Instant expiresAt) {
        Entry held = entries.get(id);
        if (held != null && held.expiresAt().isAfter(now)) {
            return Optional.of(held.record());
        }
        entries.put(id, new Entry(new IdempotencyRecord(fingerprint, now, Optional.empty()), expiresAt));
        return Optional.empty();
    }

    @Override
    public synchronized boolean takeOver(String id, IdempotencyRecord stale, Instant now, Instant expiresAt) {
        Entry held = entries.get(id);
        if (held == null || !held.record().equals(stale)) {
            return false;
        }
        entries.put(id, new Entry(new IdempotencyRecord(stale.fingerprint(), now, Optional.empty()), expiresAt));
        return true;
    }

    @Override
    public synchronized void complete(String id, String falRequestId) {
        entries.computeIfPresent(id, (key, held) -> new Entry(new IdempotencyRecord(held.record().fingerprint(),
                held.record().createdAt(), Optional.of(falRequestId)), held.expiresAt()));
    }

    @Override
    public void abandon(String id) {
        entries.remove(id);
    }

    @Override
    public Optional<IdempotencyRecord> read(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::record);
    }
}
