package dev.characterremix.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The Lambda path itself: a raw API Gateway HTTP API payload 2.0 event (AWS's documented shape, from a fixture) is
 * posted to the mock event server as Lambda would deliver it, and the Lambda answer is checked field by field.
 */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
class ApiGatewayEventTest {

    @InjectFalStandIn
    FalStandIn fal;

    @AfterEach
    void reset() {
        fal.reset();
    }

    @Test
    void answersAnHttpApiV2EventForPostRemixWithTheResult() throws Exception {
        fal.completesNormally();

        String answer = given().baseUri("http://localhost").port(RestAssured.port).contentType("application/json")
                .body(Fixtures.text("events/apigw-http-v2-post-remix.json"))
                .when().post("/_lambda_")
                .then().statusCode(200)
                .extract().asString();

        JsonNode response = Fixtures.MAPPER.readTree(answer);
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.at("/headers/Content-Type").asText()).startsWith("application/json");
        assertThat(response.at("/headers/X-Request-Id").asText()).isEqualTo("trace-me-123");
        assertThat(response.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode body = Fixtures.MAPPER.readTree(response.get("body").asText());
        assertThat(body.at("/result/images/0/url").asText())
                .isEqualTo("https://v3.fal.media/files/zebra/4F1SvlaPbkZt-Mle4CTH9_image.png");
        assertThat(body.at("/result/seed").asLong()).isEqualTo(123456L);
        assertThat(body.get("fal_request_id").asText()).isEqualTo(FalStandIn.REQUEST_ID);
        assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    }
}
