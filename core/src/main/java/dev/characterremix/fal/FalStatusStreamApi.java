package dev.characterremix.fal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.ClientQueryParam;
import io.smallrye.mutiny.Multi;

/**
 * fal's queue status stream for {@code fal-ai/ideogram}, a client of its own ({@code quarkus.rest-client.fal-stream},
 * the same fal base URL): a stream's connection is closed when the stream ends, so it is taken from a pool of its own
 * and the queue API's pooled connection (the submit's) stays open for the result, with no new TLS handshake between
 * fal's COMPLETED and the result.
 */
@RegisterRestClient(configKey = "fal-stream")
@RegisterClientHeaders(FalAuthHeaders.class)
@Path("/fal-ai/ideogram")
interface FalStatusStreamApi {

    /**
     * The job's status as server-sent events: each {@code data:} a status object like the status endpoint's, a
     * comment line as keep-alive while nothing changes, the stream ending after COMPLETED. {@code logs=0}: the waiter
     * has no use for the model's log lines. {@code connection} is null (no header), or {@code close} for the start-up
     * probe, which must not leave a pooled connection behind.
     */
    @GET
    @Path("/requests/{requestId}/status/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ClientQueryParam(name = "logs", value = "0")
    Multi<SseEvent<String>> statusStream(@PathParam("requestId") String requestId,
            @HeaderParam("Connection") String connection);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return FalQueueApi.toException(response);
    }
}
