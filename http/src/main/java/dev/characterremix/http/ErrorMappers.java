package dev.characterremix.http;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.characterremix.error.ErrorLogging;
import dev.characterremix.error.IdempotencyConflictError;
import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.RemixError;
import dev.characterremix.error.TimeoutError;
import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalProxyRefusal;

/**
 * The one place where errors become HTTP answers. On the remix API every error is an {@code application/problem+json}
 * document: validation → 422 (malformed JSON → 400), an unknown job → 404, a cancel of a completed job → 409, a spend
 * limit → 429, fal unavailable or breaker open → 503 with {@code Retry-After}, fal refusing our key or account → 502,
 * other fal failures → 502, a job past its deadline → 504. On the fal proxy route the same errors answer in fal's own
 * JSON shape ({@code detail}, a list of {@code loc}/{@code msg}/{@code type} for validation), which
 * {@code @fal-ai/client} reads and reports.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(15);
    private static final String PROXY = "/v1/fal/proxy";

    private final ResourceRoutes routes;

    @Inject
    public ErrorMappers(ResourceRoutes routes) {
        this.routes = routes;
    }

    @ServerExceptionMapper
    public Response remixError(RemixError error, ContainerRequestContext request) {
        ErrorLogging.warn(LOG, error.type(), "%s: %s", error.type(), error.getMessage());
        return respond(problem(error, RequestIds.of(request)), error, request);
    }

    @ServerExceptionMapper
    public Response malformed(MalformedRequestException error, ContainerRequestContext request) {
        return respond(new Problem(Problem.TYPE_PREFIX + "MalformedRequest", "Malformed request", 400,
                error.getMessage(), null, RequestIds.of(request), null), null, request);
    }

    @ServerExceptionMapper
    public Response unknownJob(UnknownJobException error, ContainerRequestContext request) {
        return respond(new Problem(Problem.TYPE_PREFIX + "NotFound", "Not Found", 404, error.getMessage(), null,
                RequestIds.of(request), null), null, request);
    }

    @ServerExceptionMapper
    public Response alreadyCompleted(JobAlreadyCompletedException error, ContainerRequestContext request) {
        return respond(new Problem(Problem.TYPE_PREFIX + "AlreadyCompleted", "The job has already completed", 409,
                error.getMessage(), null, RequestIds.of(request), error.falRequestId()), null, request);
    }

    @ServerExceptionMapper
    public Response proxyRefusal(FalProxyRefusal refusal, ContainerRequestContext request) {
        LOG.warnf("fal proxy: refused (%d): %s", refusal.status(), refusal.getMessage());
        return FalShape.of(refusal.status(), refusal.getMessage());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException error, ContainerRequestContext request) {
        int status = error.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No such resource: " + request.getUriInfo().getPath();
            case 405 -> request.getMethod() + " is not allowed on " + request.getUriInfo().getPath();
            case 413 -> "The request body is too large";
            case 415 -> error.getMessage() != null && error.getMessage().startsWith("The request")
                    ? error.getMessage()
                    : JsonBodies.refusal(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
            default -> error.getMessage();
        };
        Response answer = respond(new Problem(Problem.TYPE_PREFIX + title.replace(" ", ""), title, status, detail,
                null, RequestIds.of(request), null), null, request);
        if (status == 405) {
            // RFC 9110: a 405 names the methods the resource answers.
            return Response.fromResponse(answer).header(HttpHeaders.ALLOW, routes.allowed(request.getUriInfo()
                    .getPath())).build();
        }
        return answer;
    }

    /** The problem document for an error; also used inside {@link Job} for failed jobs. */
    static Problem problem(RemixError error, String requestId) {
        int status = status(error);
        List<Problem.FieldError> errors = error instanceof ValidationError validation
                ? validation.violations().stream()
                        .map(v -> new Problem.FieldError(v.field(), v.describe()))
                        .toList()
                : null;
        return new Problem(Problem.TYPE_PREFIX + error.type(), title(error), status, error.getMessage(), errors,
                requestId, error.falRequestId().orElse(null));
    }

    private static Response respond(Problem problem, RemixError error, ContainerRequestContext request) {
        Response.ResponseBuilder response = proxied(request)
                ? FalShape.builder(problem.status(), error,
                        problem.detail())
                : Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (error instanceof UpstreamUnavailableError unavailable) {
            Duration wait = unavailable.retryAfter().orElse(DEFAULT_RETRY_AFTER);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
        }
        if (error instanceof LimitReachedError limit) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limit.retryAfter().toSeconds())));
        }
        if (error instanceof IdempotencyConflictError) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.build();
    }

    /** A call of the fal proxy route, answered in fal's shape. */
    private static boolean proxied(ContainerRequestContext request) {
        return request != null && PROXY.equals(request.getUriInfo().getPath());
    }

    private static int status(RemixError error) {
        if (error instanceof ValidationError) {
            return 422;
        }
        if (error instanceof UpstreamUnavailableError) {
            return 503;
        }
        if (error instanceof LimitReachedError) {
            return 429;
        }
        if (error instanceof TimeoutError) {
            return 504;
        }
        if (error instanceof IdempotencyConflictError) {
            return 409;
        }
        return 502; // UpstreamAuthError, UpstreamError: fal, not the caller, failed
    }

    private static String title(RemixError error) {
        if (error instanceof ValidationError validation) {
            return validation.source() == ValidationError.Source.FAL
                    ? "fal rejected the request"
                    : "Invalid remix request";
        }
        if (error instanceof UpstreamAuthError) {
            return "fal refused our credentials or account";
        }
        if (error instanceof UpstreamUnavailableError) {
            return "fal is unavailable";
        }
        if (error instanceof LimitReachedError) {
            return "A spend limit is reached";
        }
        if (error instanceof TimeoutError) {
            return "The remix timed out";
        }
        if (error instanceof IdempotencyConflictError) {
            return "A request with this key is being submitted";
        }
        return "fal failed";
    }
}
