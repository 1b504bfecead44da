package dev.characterremix.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes the OpenAPI document the whole contract, where annotations alone cannot: every answer a route can give is
 * declared (the problem documents of the error mapper, with {@code Retry-After} on 429 and 503), every answer carries
 * {@code X-Request-Id}, the deployment's security schemes are declared, and the request schema is one that code
 * generators read right: no {@code type} beside a {@code $ref}, and fal's defaults in the descriptions rather than as
 * {@code default}, which generators would fill in and send (a generated client would then send {@code style: AUTO}
 * beside {@code style_codes}, which is refused).
 */
public class OpenApiContract implements OASFilter {

    static final String SIGV4 = "sigv4";
    static final String JWT = "jwt";
    private static final String PROXY_PATH = "/v1/fal/proxy";
    private static final String FAL_ERROR = "FalError";

    /** What the error mapper answers, by status: title, and whether Retry-After comes with it. */
    private static final Map<String, String> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("400", "The body is not JSON, or is empty");
        PROBLEMS.put("413", "The body is over the size limit (6 MiB)");
        PROBLEMS.put("415", "The body is not application/json in UTF-8");
        PROBLEMS.put("409", "A request with this Idempotency-Key is being submitted right now: retry after Retry-After "
                + "seconds to get its job");
        PROBLEMS.put("422", "The request breaks the schema, or fal rejected it: every violation is listed in errors");
        PROBLEMS.put("429", "A spend limit is reached (max_images_per_day, or the caller's "
                + "max_images_per_caller_per_day): retry after Retry-After seconds, when it resets");
        PROBLEMS.put("502", "fal refused our key or account, or failed");
        PROBLEMS.put("503", "fal is unavailable, or the circuit breaker is open: retry after Retry-After seconds");
        PROBLEMS.put("504", "The job did not complete in time");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents()
                .addSecurityScheme(SIGV4, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("Authorization")
                        .description("AWS Signature Version 4 (api_authorization = IAM, the default): sign with "
                                + "credentials allowed execute-api:Invoke on the API"))
                .addSecurityScheme(JWT, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").bearerFormat("JWT")
                        .description("A JWT from the configured issuer (api_authorization = JWT)"));
        openAPI.addServer(OASFactory.createServer().url("https://{api_id}.execute-api.{region}.amazonaws.com")
                .description("The deployed HTTP API (terraform output api_endpoint); locally http://localhost:8080")
                .variables(Map.of(
                        "api_id", OASFactory.createServerVariable().defaultValue("api-id")
                                .description("The API's id, the first label of api_endpoint"),
                        "region", OASFactory.createServerVariable().defaultValue("us-east-1")
                                .description("The AWS region it is deployed in"))));
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SIGV4),
                OASFactory.createSecurityRequirement().addScheme(JWT)));

        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean proxy = path.getKey().equals(PROXY_PATH);
            path.getValue().getOperations().forEach((method, operation) -> declareAnswers(method, operation, proxy));
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        openAPI.getComponents().addSchema(FAL_ERROR, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An error in fal's own shape, as the fal proxy route answers it: detail is the reason, or "
                        + "for a request that breaks the schema fal's list of {loc, msg, type}; message repeats the "
                        + "reason for @fal-ai/client")
                .addProperty("detail", OASFactory.createSchema().description("The reason, or the list of violations"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("error_type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .required(List.of("detail")));
        schemas.get("ImageSize").setType(null);
        for (Schema schema : schemas.values()) {
            if (schema.getProperties() != null) {
                schema.getProperties().values().stream().filter(property -> property.getRef() != null)
                        .forEach(property -> property.setType(null));
            }
        }
        withoutDefaults(schemas.get("RemixRequest"));
        schemas.get("Problem").setRequired(List.of("type", "title", "status"));
    }

    private static void declareAnswers(PathItem.HttpMethod method, Operation operation, boolean proxy) {
        boolean withBody = method == PathItem.HttpMethod.POST;
        for (Map.Entry<String, String> problem : PROBLEMS.entrySet()) {
            String status = problem.getKey();
            boolean applies = withBody && !(proxy && status.equals("409")) || status.equals("502")
                    || status.equals("503");
            if (applies && (operation.getResponses().getAPIResponse(status) == null)) {
                operation.getResponses().addAPIResponse(status, proxy
                        ? falError(problem.getValue())
                        : problem(problem.getValue()));
            }
        }
        if (proxy) {
            // fal's own answers pass through as fal gave them; our refusals are in fal's error shape.
            operation.getResponses().getAPIResponses().entrySet().stream()
                    .filter(response -> !response.getKey().startsWith("2") && response.getValue().getContent() == null)
                    .forEach(response -> response.getValue().setContent(falError(null).getContent()));
        }
        for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
            response.getValue().addHeader(RequestIds.HEADER, OASFactory.createHeader()
                    .description("The request's id: the caller's, when a plain token of at most 128 characters, or a "
                            + "new UUID; every log line of the request names it")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
            if (response.getKey().equals("429") || response.getKey().equals("503")
                    || response.getKey().equals("409") && operation.getOperationId().startsWith("remix")
                    || response.getKey().equals("409") && operation.getOperationId().equals("queueRemix")) {
                response.getValue().addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before retrying")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
            if (response.getValue().getDescription() == null || response.getValue().getDescription().isBlank()) {
                response.getValue().setDescription(response.getKey().startsWith("2") ? "The job" : "A problem");
            }
        }
    }

    private static APIResponse falError(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(FAL_ERROR))));
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))));
    }

    /** Request fields as generated clients need them: optional stays optional, nothing is filled in. */
    private static void withoutDefaults(Schema request) {
        for (Schema property : request.getProperties().values()) {
            if (property.getDefaultValue() != null) {
                Object value = property.getDefaultValue();
                String shown = value instanceof String text && text.isEmpty() ? "empty" : String.valueOf(value);
                String description = property.getDescription() == null ? "" : property.getDescription() + ". ";
                property.setDescription(description + "fal's default when left out: " + shown);
                property.setDefaultValue(null);
            }
        }
    }
}
