package dev.characterremix.http;

import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.Printable;
import dev.characterremix.fal.FalConfig;
import dev.characterremix.fal.FalErrors;
import dev.characterremix.fal.FalProxy;
import dev.characterremix.fal.FalProxyRefusal;
import dev.characterremix.fal.FalProxyTarget;
import dev.characterremix.http.caller.HttpCallers;
import dev.characterremix.http.caller.JobHandles;
import dev.characterremix.job.RemixService;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * fal's proxy protocol, as fal's own JavaScript client ({@code @fal-ai/client} with {@code proxyUrl}) speaks it: the
 * client sends each fal request here with the fal URL it meant in {@code x-fal-target-url}, and this route forwards
 * it with the function's key ({@link FalProxy}). Locked to this one model ({@link FalProxyTarget}). A submit is
 * accepted and counted by {@link RemixService} like every other trigger's before anything is spent; the request id
 * the caller gets back (in the body, its URLs and {@code x-fal-request-id}) is a handle bound to the caller
 * ({@link JobHandles}), and status, result and cancel take only such handles, so one caller cannot reach another's
 * request. Errors answer in fal's own shape ({@code detail}), so the client reports them as it would fal's.
 */
// Its methods and their annotations are read at run time for 405 answers (ResourceRoutes), natively too.
@RegisterForReflection(methods = true)
@Path("/v1/fal/proxy")
@Tag(name = "fal proxy", description = "fal's proxy protocol for @fal-ai/client (proxyUrl), locked to this model")
public class FalProxyResource {

    static final String TARGET = FalProxyTarget.TARGET_HEADER;

    private final RemixService jobs;
    private final RemixRequestParser parser;
    private final FalProxy proxy;
    private final FalConfig fal;
    private final JobHandles handles;
    private final HttpConfig config;

    @Inject
    public FalProxyResource(RemixService jobs, RemixRequestParser parser, FalProxy proxy, FalConfig fal,
            JobHandles handles, HttpConfig config) {
        this.jobs = jobs;
        this.parser = parser;
        this.proxy = proxy;
        this.fal = fal;
        this.handles = handles;
        this.config = config;
    }

    @POST
    @Operation(operationId = "falProxySubmit", summary = "fal proxy: submit", description = "A submit of "
            + "fal-ai/ideogram/character/remix from @fal-ai/client, validated, then forwarded with the key. The "
            + "request_id answered is a handle for this caller only.")
    @APIResponse(responseCode = "200", description = "fal's answer, with the caller's handle as request_id")
    @APIResponse(responseCode = "400", description = "A header, query or target this proxy does not take")
    @APIResponse(responseCode = "403", description = "Not a target of this model, or a webhook")
    @APIResponse(responseCode = "422", description = "The input breaks the schema: fal's detail list")
    @APIResponse(responseCode = "429", description = "A daily image limit is reached")
    public Response submit(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request, byte[] body) {
        FalProxyTarget call = target("POST", target, headers);
        RemixRequest remix = jobs.accept(parser.parse(body == null ? new byte[0] : body));
        Caller caller = HttpCallers.of(request);
        FalProxy.Answer answer = jobs.submitWith(remix, caller, () -> guarded("submit",
                () -> proxy.submit(call, body, via(request))));
        String falRequestId = answer.falRequestId().orElse(null);
        return respond(answer, falRequestId, falRequestId == null ? null : handles.issue(falRequestId, caller));
    }

    @GET
    @Operation(operationId = "falProxyRead", summary = "fal proxy: status, status stream or result")
    @APIResponse(responseCode = "200", description = "fal's answer, passed through")
    @APIResponse(responseCode = "403", description = "Not a target of this model")
    @APIResponse(responseCode = "404", description = "No such request of this caller's")
    public Response read(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        FalProxyTarget call = target("GET", target, headers);
        Caller caller = HttpCallers.of(request);
        String falRequestId = open(call, caller);
        return respond(guarded("status", () -> proxy.read(call, falRequestId, via(request))), falRequestId,
                call.handle());
    }

    @PUT
    @Operation(operationId = "falProxyCancel", summary = "fal proxy: cancel")
    @APIResponse(responseCode = "202", description = "fal's answer, passed through")
    @APIResponse(responseCode = "403", description = "Not a target of this model")
    @APIResponse(responseCode = "404", description = "No such request of this caller's")
    public Response cancel(@Parameter(name = TARGET, in = ParameterIn.HEADER, required = true,
            schema = @Schema(type = SchemaType.STRING)) @HeaderParam(TARGET) String target,
            @Context HttpHeaders headers, @Context ContainerRequestContext request, byte[] body) {
        FalProxyTarget call = target("PUT", target, headers);
        Caller caller = HttpCallers.of(request);
        String falRequestId = open(call, caller);
        return respond(guarded("cancel", () -> proxy.cancel(call, falRequestId, via(request))), falRequestId,
                call.handle());
    }

    private FalProxyTarget target(String method, String target, HttpHeaders headers) {
        return FalProxyTarget.of(method, target, headers.getRequestHeaders(), fal.queueUrl(), config.proxyWebhooks());
    }

    /** fal's request id behind the caller's handle; another caller's handle, or a raw fal id, is unknown. */
    private String open(FalProxyTarget call, Caller caller) {
        return handles.open(call.handle(), caller).orElseThrow(() -> new FalProxyRefusal(404,
                "No such request: " + Printable.of(call.handle(), 100)));
    }

    /**
     * fal's answer with its request id replaced by the caller's handle, wherever fal wrote it: on a read, the handle
     * the caller sent (it opened to this id; handles are deterministic, so it is the one a submit issued).
     */
    private Response respond(FalProxy.Answer answer, String falRequestId, String handle) {
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.headers().forEach((name, values) -> values.forEach(value -> response.header(name,
                handle == null ? value : value.replace(falRequestId, handle))));
        String text = handle == null ? answer.body() : answer.body().replace(falRequestId, handle);
        return response.entity(text).build();
    }

    private static String via(ContainerRequestContext request) {
        return "character-remix/" + RequestIds.of(request);
    }

    private static FalProxy.Answer guarded(String operation, Supplier<FalProxy.Answer> call) {
        try {
            return call.get();
        } catch (FaultToleranceException e) {
            throw FalErrors.fromFaultTolerance(operation, e);
        }
    }
}
