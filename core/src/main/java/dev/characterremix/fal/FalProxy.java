package dev.characterremix.fal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.job.Submission;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;

/**
 * Forwards a call of fal's proxy protocol to fal's queue, as {@link FalClient} calls it: with the function's key
 * (read again and tried once more after a 401, as a rotation needs), under the same fault-tolerance policy per kind
 * of call (a submit is retried only when fal cannot have received it, reads and cancels on any transport failure),
 * and with fal's answer scrubbed of the key in every form before it is handed on. fal's HTTP answers themselves are
 * passed on as fal gave them (status, allowed headers, body), since the caller's client knows how to read them.
 */
@ApplicationScoped
public class FalProxy {

    private static final Logger LOG = Logger.getLogger(FalProxy.class);
    /** fal's answer headers worth passing back; hop-by-hop and length headers are the framework's business. */
    static final Set<String> ANSWER_HEADERS = Set.of("content-type", "retry-after", "x-fal-request-id",
            "x-fal-request-timeout-type", "x-fal-error-type", "x-fal-retryable");
    /** Lambda answers at most 6 MB; a larger fal answer could not be handed on anyway. */
    static final int MAX_ANSWER_BYTES = 6 * 1024 * 1024 - 64 * 1024;

    /** fal's answer, scrubbed, as the caller gets it. */
    public record Answer(int status, Map<String, List<String>> headers, String body) implements Submission {

        /** fal's request id ({@code x-fal-request-id}) of a submit fal took. */
        @Override
        public Optional<String> falRequestId() {
            if (status / 100 != 2) {
                return Optional.empty();
            }
            // fal sends it as a header; its queue status body names it too, should a gateway drop the header.
            return header("x-fal-request-id").or(() -> bodyRequestId(body));
        }

        /** fal took the job, or answered with a request id (it may have queued it). */
        @Override
        public boolean mayHaveBeenAccepted() {
            return status / 100 == 2 || header("x-fal-request-id").isPresent();
        }

        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** {@code "request_id": "<id>"} in fal's queue status body. */
    private static final Pattern BODY_REQUEST_ID = Pattern.compile("\"request_id\"\\s*:\\s*\"([A-Za-z0-9-]{1,64})\"");

    static Optional<String> bodyRequestId(String body) {
        Matcher matcher = BODY_REQUEST_ID.matcher(body == null ? "" : body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private final FalConfig config;
    private final FalKeyProvider keys;
    private final FalScrubber scrubber;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    public FalProxy(FalConfig config, FalKeyProvider keys, FalScrubber scrubber) {
        this.config = config;
        this.keys = keys;
        this.scrubber = scrubber;
    }

    /** A submit: retried only when fal cannot have received it (a refused connection). */
    @Retry(maxRetries = 3, delay = 500, jitter = 250, maxDuration = 30_000)
    @RetryWhen(exception = FalRetryPolicies.SubmitNotAccepted.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4_000)
    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public Answer submit(FalProxyTarget target, byte[] body, String via) {
        return send(target, Optional.empty(), body, via);
    }

    /** A status, status stream or result read: idempotent, retried on any transport failure. */
    @Retry(maxRetries = 3, delay = 250, jitter = 100, maxDuration = 25_000)
    @RetryWhen(exception = FalRetryPolicies.StatusRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4_000)
    @Timeout(25_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public Answer read(FalProxyTarget target, String falRequestId, String via) {
        return send(target, Optional.of(falRequestId), null, via);
    }

    /** A cancel: repeats are harmless (fal answers ALREADY_COMPLETED or 202 again). */
    @Retry(maxRetries = 2, delay = 250, jitter = 100, maxDuration = 10_000)
    @RetryWhen(exception = FalRetryPolicies.ReadRetryable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2_000)
    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 15_000,
            failOn = { UpstreamUnavailableError.class, TimeoutException.class })
    public Answer cancel(FalProxyTarget target, String falRequestId, String via) {
        return send(target, Optional.of(falRequestId), null, via);
    }

    private Answer send(FalProxyTarget target, Optional<String> falRequestId, byte[] body, String via) {
        Answer answer = attempt(target, falRequestId, body, via, keys.key());
        // A 401 after a rotation: read the key again and, if it changed, try once more (fal took nothing).
        if (answer.status() == 401 && keys.refresh()) {
            answer = attempt(target, falRequestId, body, via, keys.key());
        }
        return answer;
    }

    private Answer attempt(FalProxyTarget target, Optional<String> falRequestId, byte[] body, String via,
            String key) {
        String base = config.queueUrl().endsWith("/")
                ? config.queueUrl().substring(0, config.queueUrl().length() - 1)
                : config.queueUrl();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(base + target.falPath(falRequestId)
                + (target.query().isEmpty() ? "" : "?" + target.query())))
                .timeout(Duration.ofSeconds(20))
                .method(target.route().method(), body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        target.headers().forEach(out::header);
        out.header("Authorization", "Key " + key).header("Accept", target.route() == FalProxyTarget.Route.STATUS_STREAM
                ? "text/event-stream"
                : "application/json").header("x-fal-client-proxy", via);
        if (body != null) {
            out.header("Content-Type", "application/json");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new UpstreamUnavailableError(0, false, null, "fal could not be reached through the proxy", e);
        } catch (IOException e) {
            throw new UpstreamUnavailableError(0, true, null, "Lost the connection to fal through the proxy: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableError(0, true, null, "Interrupted while calling fal through the proxy", e);
        }
        String text = read(response);
        LOG.infof("fal proxy: %s %s -> %d", target.route(), falRequestId.orElse("submit"), response.statusCode());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (ANSWER_HEADERS.contains(lower)) {
                headers.put(lower, values.stream().map(scrubber::body).toList());
            }
        });
        return new Answer(response.statusCode(), headers, scrubber.body(text));
    }

    /** The whole answer, bounded: Lambda could not hand on more, and a stalled body ends with the call's timeout. */
    private static String read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new UpstreamError(502, null, "fal's answer is larger than " + MAX_ANSWER_BYTES
                        + " bytes, more than a Lambda function can answer");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UpstreamUnavailableError(0, true, null, "Lost the connection to fal while reading its answer "
                    + "through the proxy: " + e.getClass().getSimpleName(), e);
        }
    }
}
