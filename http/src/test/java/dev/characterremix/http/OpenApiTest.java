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

    @Test
    void documentsEveryRouteAndTheRequestSchemaWithItsConstraints() {
        given().accept("application/json").when().get("/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/v1/remix", "/v1/remix/jobs", "/v1/remix/jobs/{id}"))
                .body("paths.'/v1/remix/jobs/{id}'.keySet()", hasItems("get", "delete"))
                .body("components.schemas.RemixRequest.required", hasItems("prompt", "image_url", "reference_image_urls"))
                .body("components.schemas.RemixRequest.properties.num_images.maximum", equalTo(8))
                .body("components.schemas.RemixRequest.properties.strength.minimum", equalTo(0.01f))
                .body("paths.'/v1/remix'.post.requestBody.content.'application/json'.examples", notNullValue());
    }
}
