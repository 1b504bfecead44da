package dev.characterremix.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.Printable;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.fal.FalConfig;
import dev.characterremix.fal.FalKeyProvider;
import dev.characterremix.metrics.JobMetrics;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RemixRequestValidator;
import dev.characterremix.usage.DailyImageLimit;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * fal's proxy protocol, as fal's own JavaScript client ({@code @fal-ai/client} with {@code proxyUrl}) speaks it: the
 * client sends each fal request here with the fal URL it meant in {@code x-fal-target-url}, and this route adds the
 * key and forwards it. Locked to this one model: only its submit and its requests' status, status stream, result and
 * cancel are forwarded, always to the configured fal base URL. A submit is read and validated by the same strict
 * rules as every other trigger before anything is spent, and a bad one answered as fal answers (422 with fal's
 * {@code detail} list), so the client reports it as it would fal's own. The caller's credentials (its
 * {@code Authorization} for this API) never reach fal, and the fal key never reaches the caller.
 */
@Path("/v1/fal/proxy")
@Tag(name = "fal proxy", description = "fal's proxy protocol for @fal-ai/client (proxyUrl), locked to this model")
public class FalProxyResource {

    private static final Logger LOG = Logger.getLogger(FalProxyResource.class);
    static final String TARGET = "x-fal-target-url";
    private static final String SUBMIT = "/fal-ai/ideogram/character/remix";
    private static final Pattern REQUEST = Pattern.compile("/fal-ai/ideogram/requests/[A-Za-z0-9-]{1,64}"
            + "(/status|/status/stream)?");
    private static final Pattern CANCEL = Pattern.compile("/fal-ai/ideogram/requests/[A-Za-z0-9-]{1,64}/cancel");
    /** fal's answer headers worth passing back; hop-by-hop and length headers are the framework's business. */
    private static final Set<String> ANSWER_HEADERS = Set.of("content-type", "retry-after", "cache-control");
    private static final Set<String> QUERY_ALLOWED = Set.of("logs");

    private final FalConfig fal;
    private final FalKeyProvider keys;
    private final RemixRequestParser parser;
    private final RemixRequestValidator validator;
    private final HttpConfig config;
    private final ObjectMapper mapper;
    private final DailyImageLimit dailyLimit;
    private final JobMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    public FalProxyResource(FalConfig fal, FalKeyProvider keys, RemixRequestParser parser,
            RemixRequestValidator validator, HttpConfig config, ObjectMapper mapper, DailyImageLimit dailyLimit,
            JobMetrics metrics) {
        this.fal = fal;
        this.keys = keys;
        this.parser = parser;
        this.validator = validator;
        this.config = config;
        this.mapper = mapper;
        this.dailyLimit = dailyLimit;
        this.metrics = metrics;
    }

    @POST
    @Operation(operationId = "falProxySubmit", summary = "fal proxy: submit", description = "A submit of "
            + "fal-ai/ideogram/character/remix from @fal-ai/client, validated, then forwarded with the key.")
    @APIResponse(responseCode = "200", description = "fal's answer, passed through")
    @APIResponse(responseCode = "403", description = "Not a target of this model, or a webhook")
    @APIResponse(responseCode = "422", description = "The input breaks the schema: fal's detail list")
    public Response submit(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request, byte[] body) {
        return forward("POST", target, headers, request, body);
    }

    @GET
    @Operation(operationId = "falProxyRead", summary = "fal proxy: status, status stream or result")
    @APIResponse(responseCode = "200", description = "fal's answer, passed through")
    @APIResponse(responseCode = "403", description = "Not a target of this model")
    public Response read(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        return forward("GET", target, headers, request, null);
    }

    @PUT
    @Operation(operationId = "falProxyCancel", summary = "fal proxy: cancel")
    @APIResponse(responseCode = "202", description = "fal's answer, passed through")
    @APIResponse(responseCode = "403", description = "Not a target of this model")
    public Response cancel(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request, byte[] body) {
        return forward("PUT", target, headers, request, null);
    }

    private Response forward(String method, String target, HttpHeaders headers, ContainerRequestContext request,
            byte[] body) {
        URI uri = allowed(method, target, request);
        RemixRequest submit = null;
        if (method.equals("POST")) {
            try {
                submit = validator.validate(parser.parse(body == null ? new byte[0] : body));
            } catch (ValidationError e) {
                return unprocessable(e);
            }
        }
        // Counted against the daily limit like any other submit; given back below if fal does not take it.
        DailyImageLimit.Reservation reservation = submit == null ? null : dailyLimit.reserve(submit);
        String base = fal.queueUrl().endsWith("/") ? fal.queueUrl().substring(0, fal.queueUrl().length() - 1)
                : fal.queueUrl();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(base + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-fal-") && !lower.equals(TARGET)) {
                values.forEach(value -> out.header(lower, value));
            }
        });
        // The key is this function's; the caller's own Authorization is for this API and goes nowhere else.
        out.header("Authorization", "Key " + keys.key()).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("x-fal-client-proxy", "character-remix/" + RequestIds.of(request));
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UpstreamUnavailableError(0, true, null, "fal could not be reached through the proxy: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableError(0, true, null, "interrupted while calling fal", e);
        }
        LOG.infof("fal proxy: %s %s -> %d", method, uri.getRawPath(), answer.statusCode());
        if (submit != null) {
            Optional<String> falRequestId = answer.headers().firstValue("x-fal-request-id");
            if (answer.statusCode() / 100 == 2) {
                metrics.submitted(falRequestId.orElse(null), submit);
            } else if (falRequestId.isEmpty()) {
                // Refused without a request id: fal queued nothing, so the images go back to today's count.
                reservation.release();
            }
        }
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (ANSWER_HEADERS.contains(lower) || lower.startsWith("x-fal-")) {
                values.forEach(value -> response.header(lower, value));
            }
        });
        // Streamed through, never held whole.
        StreamingOutput stream = output -> {
            try (InputStream in = answer.body()) {
                in.transferTo(output);
            }
        };
        return response.entity(stream).build();
    }

    /** The target as a URI, when it is one of this model's; otherwise a 400 or 403 problem naming what is allowed. */
    private URI allowed(String method, String target, ContainerRequestContext request) {
        if (target == null || target.isBlank()) {
            throw new ProxyRefusal(400, "Missing the " + TARGET + " header: this route speaks fal's proxy protocol");
        }
        URI uri;
        try {
            uri = URI.create(target.strip());
        } catch (IllegalArgumentException e) {
            throw new ProxyRefusal(400, "The " + TARGET + " header is not a URL");
        }
        URI base = URI.create(fal.queueUrl());
        boolean falQueue = "https".equals(uri.getScheme()) && "queue.fal.run".equals(uri.getHost())
                && uri.getPort() == -1 && uri.getRawUserInfo() == null;
        boolean configured = base.getScheme().equals(uri.getScheme()) && base.getHost().equals(uri.getHost())
                && base.getPort() == uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean route = switch (method) {
            case "POST" -> path.equals(SUBMIT);
            case "GET" -> REQUEST.matcher(path).matches();
            case "PUT" -> CANCEL.matcher(path).matches();
            default -> false;
        };
        if (!(falQueue || configured) || !route) {
            LOG.warnf("fal proxy: refused %s %s", method, Printable.of(target, 200));
            throw new ProxyRefusal(403, "This proxy forwards only fal-ai/ideogram/character/remix: POST "
                    + "https://queue.fal.run" + SUBMIT + ", and GET (status, status/stream, result) or PUT (cancel) "
                    + "https://queue.fal.run/fal-ai/ideogram/requests/{request_id}");
        }
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String name = parameter.split("=", 2)[0];
                if (name.equals("fal_webhook") && !config.proxyWebhooks()) {
                    throw new ProxyRefusal(403, "Webhooks (fal_webhook) are not allowed through this proxy "
                            + "(REMIX_HTTP_PROXY_WEBHOOKS)");
                }
                if (!name.equals("fal_webhook") && !QUERY_ALLOWED.contains(name)) {
                    throw new ProxyRefusal(403, "The query parameter " + Printable.of(name, 40)
                            + " is not forwarded");
                }
            }
        }
        return uri;
    }

    /** A submit body that breaks the schema, answered in fal's own 422 shape. */
    private Response unprocessable(ValidationError e) {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode detail = answer.putArray("detail");
        for (Violation violation : e.violations()) {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc").add("body");
            for (String part : path(violation.field())) {
                loc.add(part);
            }
            item.put("msg", violation.describe()).put("type", "value_error");
        }
        return Response.status(422).type("application/json").entity(answer.toString()).build();
    }

    /** {@code color_palette.members[0].rgb} → ["color_palette", "members", "0", "rgb"], as fal's loc lists it. */
    private static List<String> path(String field) {
        List<String> parts = new ArrayList<>();
        for (String part : field.split("[.\\[\\]]+")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** A request this proxy will not forward; mapped to a problem document by {@link ErrorMappers}. */
    static final class ProxyRefusal extends WebApplicationException {
        ProxyRefusal(int status, String detail) {
            super(detail, status);
        }
    }
}
