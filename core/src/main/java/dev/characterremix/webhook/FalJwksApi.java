package dev.characterremix.webhook;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/** fal's published key set for webhook signatures; the URL is {@code remix.webhook.jwks-url}. No key is sent. */
@RegisterRestClient(configKey = "fal-jwks")
interface FalJwksApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode keys();
}
