package dev.characterremix.idempotency;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Idempotency keys of the HTTP API and direct invocations: where they are kept and for how long. */
@ConfigMapping(prefix = "remix.idempotency")
public interface IdempotencyConfig {

    /**
     * The DynamoDB table the keys are kept in (env REMIX_IDEMPOTENCY_TABLE; Terraform sets the usage table). Unset: an
     * in-memory store, which only one process sees (dev mode and tests), so a deployed function always sets it. Its
     * endpoint is the usage table's ({@code remix.limits.usage-endpoint}).
     */
    Optional<String> table();

    /** How long a key is kept, from its first use (env REMIX_IDEMPOTENCY_TTL). Default PT24H. */
    @WithDefault("PT24H")
    Duration ttl();

    /**
     * How long a retry waits for a concurrent first attempt to record fal's request id (its submit in flight) before it
     * answers 409 (env REMIX_IDEMPOTENCY_PENDING_WAIT). Default PT3S.
     */
    @WithDefault("PT3S")
    Duration pendingWait();

    /**
     * After how long a key whose first attempt never recorded fal's request id is taken over by a retry, which then
     * submits: longer than a submit with its retries can take (30 s), so the first attempt must have died (env
     * REMIX_IDEMPOTENCY_TAKEOVER_AFTER). Default PT2M.
     */
    @WithDefault("PT2M")
    Duration takeoverAfter();
}
