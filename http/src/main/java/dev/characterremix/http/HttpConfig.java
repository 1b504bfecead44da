package dev.characterremix.http;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP API's own settings. */
@ConfigMapping(prefix = "remix.http")
public interface HttpConfig {

    /**
     * How long {@code POST /v1/remix} waits for the result before answering 202 with the job's address (env
     * REMIX_HTTP_WAIT_FOR). Default PT25S, under API Gateway's 30-second integration limit.
     */
    @WithDefault("PT25S")
    Duration waitFor();

    /** The largest request body accepted, in bytes. Default 6291456 (6 MiB, Lambda's synchronous payload limit). */
    @WithDefault("6291456")
    int maxBodyBytes();

    /**
     * The secret that seals job handles, the HTTP job ids and the fal proxy's request ids (env
     * REMIX_HTTP_JOB_ID_SECRET). When unset it is derived from the fal key, so rotating the key also retires the
     * handles of running jobs.
     */
    Optional<String> jobIdSecret();

    /**
     * Whether the fal proxy route forwards submits that ask fal for a webhook ({@code fal_webhook}): fal would then
     * call an address of the caller's choosing with the job's result. Default false.
     */
    @WithDefault("false")
    boolean proxyWebhooks();

    /**
     * Whether the OpenAPI document names the running instance ({@code /}, the same origin) as its first server, so
     * Swagger UI's "Try it out" calls it rather than AWS (env REMIX_HTTP_OPENAPI_LOCAL_SERVER). Default false: the
     * deployed document names the API Gateway endpoint only; dev mode turns it on.
     */
    @WithDefault("false")
    boolean openapiLocalServer();
}
