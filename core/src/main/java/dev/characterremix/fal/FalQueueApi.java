package dev.characterremix.fal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

import dev.characterremix.request.RemixRequest;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * fal's queue API for {@code fal-ai/ideogram/character/remix}. Submit uses the full model id; status, result and
 * cancel use only the app ({@code fal-ai/ideogram}), as fal's protocol requires. Paths are literal so no slash is
 * ever percent-encoded. The base URL is {@code quarkus.rest-client.fal.url}.
 */
@RegisterRestClient(configKey = "fal")
@RegisterClientHeaders(FalAuthHeaders.class)
@Path("/fal-ai/ideogram")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface FalQueueApi {

    /**
     * Queues a job; every accepted submit is a billed job. {@code startTimeout} (seconds, or null for none) is fal's
     * time-to-start deadline: a job no runner has started by then is dropped unbilled (504, timeout type "user").
     * {@code webhook} (or null for none) is the URL fal posts the job's end to, signed.
     */
    @POST
    @Path("/character/remix")
    FalQueueStatus submit(RemixRequest input, @HeaderParam("X-Fal-Request-Timeout") String startTimeout,
            @QueryParam("fal_webhook") String webhook);

    /** 202 while IN_QUEUE or IN_PROGRESS, 200 once COMPLETED. */
    @GET
    @Path("/requests/{requestId}/status")
    FalQueueStatus status(@PathParam("requestId") String requestId);

    /** The model's own answer: its output, or its error status and body. */
    @GET
    @Path("/requests/{requestId}")
    FalOutput result(@PathParam("requestId") String requestId);

    /**
     * A status read that asks fal to close the connection after answering: for {@link FalClient#probe()}, which
     * must not leave a pooled connection behind.
     */
    @GET
    @Path("/requests/{requestId}/status")
    @ClientHeaderParam(name = "Connection", value = "close")
    FalQueueStatus statusOnce(@PathParam("requestId") String requestId);

    /** 202 CANCELLATION_REQUESTED, 400 ALREADY_COMPLETED, 404 NOT_FOUND. */
    @PUT
    @Path("/requests/{requestId}/cancel")
    FalQueueStatus cancel(@PathParam("requestId") String requestId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            body = "";
        }
        if (response.getStatus() < 400) {
            return new ClientWebApplicationException(response.getStatus());
        }
        return new FalHttpException(response.getStatus(), body, response.getHeaderString("x-fal-request-id"),
                response.getHeaderString("Retry-After"), response.getHeaderString("X-Fal-Request-Timeout-Type"));
    }
}
