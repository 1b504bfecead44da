package dev.characterremix.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class OpenApiTest {

    /**
     * The committed {@code openapi.yaml} is what clients are generated from (the build generates one and
     * GeneratedClientTest drives the API with it): it must be the document the API serves. When they differ, the
     * served document is written to {@code http/target/openapi/served.yaml}: after a change to the API, run the tests
     * and copy it over {@code http/openapi.yaml}.
     */
    @Test
    void theServedDocumentIsTheCommittedContract() throws Exception {
        // Compared as documents: the served YAML and the build's copy order some keys differently.
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        String text = given().when().get("/openapi").then().statusCode(200).extract().asString();
        var served = yaml.readTree(text);
        var committed = yaml.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("openapi.yaml")));
        if (!served.equals(committed)) {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/openapi"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi/served.yaml"), text);
        }
        org.assertj.core.api.Assertions.assertThat(served.equals(committed))
                .as("http/openapi.yaml is out of date: copy http/target/openapi/served.yaml over it")
                .isTrue();
    }

    @Test
    void everyOperationHasAnIdAndDeclaresEveryAnswerWithItsHeaders() {
        given().accept("application/json").when().get("/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/remix'.post.operationId", equalTo("remix"))
                .body("paths.'/v1/remix/jobs'.post.operationId", equalTo("queueRemix"))
                .body("paths.'/v1/remix/jobs/{id}'.get.operationId", equalTo("getJob"))
                .body("paths.'/v1/remix/jobs/{id}'.delete.operationId", equalTo("cancelJob"))
                .body("paths.'/v1/remix'.post.responses.keySet()",
                        hasItems("200", "202", "400", "413", "415", "422", "502", "503", "504"))
                .body("paths.'/v1/remix'.post.responses.'202'.headers.keySet()", hasItems("Location", "X-Request-Id"))
                .body("paths.'/v1/remix'.post.responses.'503'.headers.keySet()", hasItems("Retry-After"))
                .body("paths.'/v1/remix/jobs'.post.responses.'422'.content.keySet()",
                        hasItems("application/problem+json"))
                .body("components.schemas.JobState.enum", hasItems("IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED",
                        "CANCELLATION_REQUESTED", "CANCELLED"))
                .body("components.schemas.ImageSize.type", org.hamcrest.Matchers.nullValue())
                .body("components.schemas.RemixRequest.properties.rendering_speed.default",
                        org.hamcrest.Matchers.nullValue())
                .body("components.securitySchemes.keySet()", hasItems("sigv4", "jwt"))
                // As deployed: the API Gateway endpoint is the only server (dev mode adds the running instance).
                .body("servers.url",
                        org.hamcrest.Matchers.contains("https://{api_id}.execute-api.{region}.amazonaws.com"));
    }

    @Test
    void documentsEveryRouteAndTheRequestSchemaWithItsConstraints() {
        given().accept("application/json").when().get("/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/v1/remix", "/v1/remix/jobs", "/v1/remix/jobs/{id}"))
                .body("paths.'/v1/remix/jobs/{id}'.keySet()", hasItems("get", "delete"))
                .body("components.schemas.RemixRequest.required",
                        hasItems("prompt", "image_url", "reference_image_urls"))
                .body("components.schemas.RemixRequest.properties.num_images.maximum", equalTo(8))
                .body("components.schemas.RemixRequest.properties.strength.minimum", equalTo(0.01f))
                .body("paths.'/v1/remix'.post.requestBody.content.'application/json'.examples", notNullValue());
    }
}
