package dev.characterremix.fal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds {@code Authorization: Key <key>} to every fal call; the key stays in this layer and is never logged. */
@ApplicationScoped
public class FalAuthHeaders implements ClientHeadersFactory {

    static final String USER_AGENT = "character-remix/1.0";

    private final FalKeyProvider keys;

    @Inject
    public FalAuthHeaders(FalKeyProvider keys) {
        this.keys = keys;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.AUTHORIZATION, "Key " + keys.key());
        headers.putSingle(HttpHeaders.USER_AGENT, USER_AGENT);
        return headers;
    }
}
