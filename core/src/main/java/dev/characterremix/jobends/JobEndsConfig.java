package dev.characterremix.jobends;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the ends of HTTP jobs, as fal's webhooks report them, are recorded, and for how long. */
@ConfigMapping(prefix = "remix.job-ends")
public interface JobEndsConfig {

    /**
     * The DynamoDB table the ends are recorded in (env REMIX_JOB_ENDS_TABLE; Terraform sets the usage table when the
     * HTTP API is deployed). Unset: nothing is recorded, no HTTP submit asks fal for a webhook, and a job's status is
     * asked of fal on every GET. Its endpoint is the usage table's ({@code remix.limits.usage-endpoint}).
     */
    Optional<String> table();

    /** How long an end is kept (env REMIX_JOB_ENDS_TTL): fal's image URLs last about a week. Default P7D. */
    @WithDefault("P7D")
    Duration ttl();
}
