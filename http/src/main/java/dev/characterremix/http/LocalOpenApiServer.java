package dev.characterremix.http;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.servers.Server;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;

/**
 * Where the document is read locally (dev mode), its first server is the instance serving it, so Swagger UI's "Try it
 * out" reaches the running app instead of the API Gateway address the build declares. Runs at start-up, on the
 * document {@link OpenApiContract} made at build time; off in a deployment ({@link HttpConfig#openapiLocalServer()}).
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class LocalOpenApiServer implements OASFilter {

    static final String URL = "/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        HttpConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(HttpConfig.class);
        if (!config.openapiLocalServer()) {
            return;
        }
        List<Server> servers = new ArrayList<>();
        servers.add(OASFactory.createServer().url(URL).description("This running instance"));
        if (openAPI.getServers() != null) {
            servers.addAll(openAPI.getServers());
        }
        openAPI.setServers(servers);
    }
}
