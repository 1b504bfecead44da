package dev.characterremix.lambda.webhook.devmode;

import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.characterremix.lambda.webhook.FalWebhookLambda;
import dev.characterremix.lambda.webhook.HttpApiAnswer;
import dev.characterremix.lambda.webhook.HttpApiEvent;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * DEV MODE ONLY (the bean does not exist in a production build): the HTTP API's {@code POST /v1/fal/webhook} route
 * for the S3 handler's dev mode, on localhost, so the dev fal stand-in's signed webhooks reach the webhook handler as
 * API Gateway would hand them over (an HTTP API event: lower-case header names, the query's parameters, the body in
 * base64). With {@code -Dremix.s3.completion=webhook}, an upload delivered as the queue hands it out is submitted, and
 * its result written by the webhook, as deployed.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevWebhookRoute {

    private static final Logger LOG = Logger.getLogger(DevWebhookRoute.class);

    @Inject
    FalWebhookLambda webhook;

    private HttpServer server;

    void start(@Observes StartupEvent event, Vertx vertx,
            @ConfigProperty(name = DevWebhookRouteConfig.ACTIVE, defaultValue = "false") boolean active,
            @ConfigProperty(name = DevWebhookRouteConfig.PORT,
                    defaultValue = DevWebhookRouteConfig.DEFAULT_PORT) int port) {
        if (!active) {
            return;
        }
        server = vertx.createHttpServer().requestHandler(request -> {
            if (!"POST".equals(request.method().name()) || !DevWebhookRouteConfig.PATH.equals(request.path())) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.body().onSuccess(body -> vertx.<HttpApiAnswer>executeBlocking(() -> webhook.handleRequest(
                    event(request, body), null), false).onComplete(answer -> {
                        HttpApiAnswer result = answer.succeeded()
                                ? answer.result()
                                : new HttpApiAnswer(500, Map.of(), "{\"message\":\"Internal Server Error\"}");
                        request.response().setStatusCode(result.statusCode())
                                .putHeader("Content-Type", "application/json").end(result.body());
                    }));
        });
        server.listen(port, "localhost").toCompletionStage().toCompletableFuture().join();
        LOG.infof("fal's webhooks from the DEV fal stand-in arrive on http://localhost:%d%s", port,
                DevWebhookRouteConfig.PATH);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    private static HttpApiEvent event(HttpServerRequest request, Buffer body) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        Map<String, String> query = new HashMap<>();
        request.params().forEach(param -> query.put(param.getKey(), param.getValue()));
        return new HttpApiEvent(headers, query, Base64.getEncoder().encodeToString(body.getBytes()), true);
    }
}
