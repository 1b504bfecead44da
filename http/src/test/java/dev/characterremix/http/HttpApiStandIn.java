package dev.characterremix.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.HttpExchanges;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/**
 * TEST ONLY: an API Gateway HTTP API stand-in in front of a function (a packaged one, or the test application's
 * Lambda event endpoint): each HTTP request becomes a payload 2.0 event (the shape of AWS's sample,
 * {@code events/apigw-http-v2-post-remix.json}), the function's answer ({@code statusCode}, {@code headers},
 * {@code body}, {@code isBase64Encoded}) becomes the HTTP response. One request at a time, as one Lambda environment
 * serves them.
 *
 * <p>Like an HTTP API with a JWT authorizer, a request with {@code Authorization: Bearer <jwt>} gets the token's
 * claims in {@code requestContext.authorizer.jwt.claims} (as strings, as API Gateway passes them). API Gateway checks
 * the token's signature, issuer and audience first; the stand-in trusts the test's unsigned tokens ({@link #jwt}).
 */
final class HttpApiStandIn implements AutoCloseable {

    private final HttpClient client = HttpClient.newHttpClient();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Invoker function;

    /** Delivers one event to the function and returns its answer. */
    interface Invoker {
        String invoke(String event) throws Exception;
    }

    HttpApiStandIn(LambdaRuntimeStandIn runtime, PackagedFunction function) throws IOException {
        this(event -> function.await(runtime.invoke(event), Duration.ofSeconds(60)).body());
    }

    /** In front of a {@code @QuarkusTest} application's Lambda event endpoint ({@code POST /_lambda_}). */
    static HttpApiStandIn inFrontOfTestApplication(int port) throws IOException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        return new HttpApiStandIn(event -> client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/_lambda_"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    }

    HttpApiStandIn(Invoker function) throws IOException {
        this.function = function;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Sends a request through the API as a caller: {@code authorization} the {@code Authorization} header (null: none),
     * {@code body} JSON (null: none), {@code headers} any others.
     */
    HttpResponse<String> call(String method, String path, String authorization, String body,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ObjectNode event = (ObjectNode) Fixtures.json("events/apigw-http-v2-post-remix.json");
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            event.put("routeKey", method + " " + path).put("rawPath", path).put("rawQueryString",
                    query == null ? "" : query);
            ObjectNode headers = event.putObject("headers");
            HttpExchanges.headers(exchange).forEach(headers::put);
            ObjectNode context = (ObjectNode) event.get("requestContext");
            context.put("routeKey", method + " " + path);
            ((ObjectNode) context.get("http")).put("method", method).put("path", path);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.startsWith("Bearer ")) {
                ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
                ObjectNode claims = jwt.putObject("claims");
                claims(authorization.substring(7)).fields().forEachRemaining(claim -> claims.put(claim.getKey(),
                        claim.getValue().isTextual() ? claim.getValue().asText() : claim.getValue().toString()));
                jwt.putArray("scopes");
            }
            event.remove("queryStringParameters");
            if (body.length == 0) {
                event.remove("body");
            } else {
                event.put("body", new String(body, StandardCharsets.UTF_8));
            }
            event.put("isBase64Encoded", false);
            JsonNode answer;
            try {
                answer = Fixtures.MAPPER.readTree(function.invoke(event.toString()));
            } catch (Exception e) {
                throw new IOException(e);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("headers").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> header = it.next();
                if (!header.getKey().equalsIgnoreCase("content-length")) {
                    exchange.getResponseHeaders().add(header.getKey(), header.getValue().asText());
                }
            }
            String text = answer.path("body").asText("");
            byte[] out = answer.path("isBase64Encoded").asBoolean()
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.path("statusCode").asInt(502), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(out);
                }
            }
        }
    }

    /** An unsigned JWT (header {@code alg: none}) for the issuer and subject, as a test's caller presents it. */
    static String jwt(String issuer, String subject) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(Fixtures.MAPPER.createObjectNode().put("iss", issuer).put("sub", subject)
                        .put("aud", "character-remix").toString().getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    private static JsonNode claims(String token) throws IOException {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            throw new IOException("not a JWT");
        }
        return Fixtures.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
