package dev.characterremix.baseline;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The benchmark's baseline: the same extensions as the HTTP function, a resource that does nothing. */
@Path("/v1/remix")
public class EchoResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] echo(byte[] body) {
        return body;
    }
}
