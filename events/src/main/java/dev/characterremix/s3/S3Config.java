package dev.characterremix.s3;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bucket layout and the rules of the S3 upload function. */
@ConfigMapping(prefix = "remix.s3")
public interface S3Config {

    /** Where job files ({@code <name>.json}, a remix request) are uploaded. Default {@code jobs/}. */
    @WithDefault("jobs/")
    String jobPrefix();

    /** Where plain images are uploaded to be remixed with the configured prompt. Default {@code inputs/}. */
    @WithDefault("inputs/")
    String inputPrefix();

    /** Where results go: {@code <prefix><name>/<n>.<ext>}, {@code result.json}, {@code error.json}. Default {@code results/}. */
    @WithDefault("results/")
    String resultPrefix();

    /** Where the claims that make each upload run once are kept. Default {@code claims/}. */
    @WithDefault("claims/")
    String claimPrefix();

    /**
     * Where reference images that job files name by {@code s3://} live: a job file may refer to objects under this
     * prefix only (the job and input prefixes are where uploads trigger jobs, not where references are read from).
     * Default {@code references/}.
     */
    @WithDefault("references/")
    String referencePrefix();

    /** The prompt for plain images (env REMIX_S3_PROMPT); overridable per object with {@code x-amz-meta-prompt}. */
    Optional<String> prompt();

    /**
     * The character reference for plain images, an https URL or {@code s3://bucket/key} (env
     * REMIX_S3_REFERENCE_IMAGE); overridable per object with {@code x-amz-meta-reference-image}.
     */
    Optional<String> referenceImage();

    /** How long the presigned URLs handed to fal stay valid. Default PT30M (fal reads inputs when the job starts). */
    @WithDefault("PT30M")
    Duration presignTtl();

    /**
     * fal's start deadline for the jobs of uploads ({@code X-Fal-Request-Timeout}): a job no runner has started by
     * then is dropped by fal, unbilled, and submitted again with fresh URLs on the next delivery. Must be shorter
     * than {@link #presignTtl()}, so fal never starts a job whose inputs expired. Default PT25M.
     */
    @WithDefault("PT25M")
    Duration falStartTimeout();

    /**
     * How long a claim blocks other deliveries when the holder's own deadline is unknown. A claim normally records
     * when its holder's invocation must end (Lambda's remaining time), and is free after that. Default PT6M.
     */
    @WithDefault("PT6M")
    Duration claimLease();

    /** The largest job file read, in bytes. Default 1048576. */
    @WithDefault("1048576")
    long maxJobFileBytes();

    /** The largest input image accepted, in bytes. Default 10485760 (fal's 10 MB limit for references). */
    @WithDefault("10485760")
    long maxInputBytes();

    /** The largest generated image copied, in bytes. Default 52428800. */
    @WithDefault("52428800")
    long maxResultBytes();

    /**
     * Where results may be fetched from (env REMIX_S3_RESULT_HOSTS): a host name admits it and its subdomains over
     * https on the default port; an origin ({@code scheme://host:port}) admits exactly that origin, for a stand-in of
     * fal's media hosts in local runs. Default fal.media.
     */
    @WithDefault("fal.media")
    List<String> resultHosts();

    /**
     * The longest a generated image's download may take, headers and body together (env
     * REMIX_S3_RESULT_DOWNLOAD_TIMEOUT): a media host that stalls mid-body cannot hold the invocation until Lambda
     * stops it. Default PT60S.
     */
    @WithDefault("PT60S")
    Duration resultDownloadTimeout();

    /**
     * How an upload delivered through the queue learns its fal job's end (env REMIX_S3_COMPLETION). {@code wait}: the
     * invocation waits for the job within its time, and a job that outlives it is resumed by the message's
     * redelivery. {@code webhook}: the invocation submits and returns, so no invocation is billed while the job waits
     * at fal; fal's webhook delivery writes the result, and each redelivery of the message (after the queue's
     * visibility timeout) asks fal once where the job stands, the safety net for a delivery that never arrives. Needs
     * remix.webhook.url. Direct S3 notifications always wait. Default wait.
     */
    @WithDefault("wait")
    Completion completion();

    /** See {@link #completion()}. */
    enum Completion {
        WAIT, WEBHOOK
    }

    /** An S3-compatible endpoint instead of AWS's (local runs and tests). */
    Optional<URI> endpointOverride();

    /** Path-style bucket addressing, for S3-compatible servers. Default false. */
    @WithDefault("false")
    boolean pathStyle();
}
