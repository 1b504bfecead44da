package dev.characterremix.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.characterremix.testing.FalStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** As in dev mode: Swagger UI's "Try it out" goes to the running instance first, AWS second. */
@QuarkusTest
@TestProfile(LocalOpenApiServerTest.AsInDevMode.class)
@QuarkusTestResource(FalStandInResource.class)
class LocalOpenApiServerTest {

    public static class AsInDevMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.http.openapi-local-server", "true");
        }
    }

    @Test
    void theRunningInstanceIsTheFirstServerAndTheDeployedApiTheSecond() {
        given().accept("application/json").when().get("/openapi")
                .then().statusCode(200)
                .body("servers", hasSize(2))
                .body("servers[0].url", equalTo("/"))
                .body("servers[1].url", equalTo("https://{api_id}.execute-api.{region}.amazonaws.com"));
    }
}
