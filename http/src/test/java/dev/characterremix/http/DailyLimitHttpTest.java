package dev.characterremix.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.testing.DynamoDbStandInResource;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The daily image limit over HTTP: 429 with Retry-After, on the remix routes and the fal proxy alike. */
@QuarkusTest
@TestProfile(DailyLimitHttpTest.TwoADay.class)
@QuarkusTestResource(FalStandInResource.class)
class DailyLimitHttpTest {

    public static class TwoADay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.limits.max-images-per-day", "2");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DynamoDbStandInResource.class));
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void reset() {
        fal.reset();
        DynamoDbStandInResource.standIn().reset();
        breakers.resetAll();
    }

    static String asking(int images) {
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        return request.put("num_images", images).toString();
    }

    @Test
    void aRemixPastTodaysImagesAnswers429WithRetryAfterAndNeverReachesFal() {
        fal.completesNormally();
        given().contentType("application/json").body(asking(2)).when().post("/v1/remix").then().statusCode(200);

        given().contentType("application/json").body(asking(1))
                .when().post("/v1/remix/jobs")
                .then().statusCode(429)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", Integer::parseInt, greaterThan(0))
                .header("Retry-After", Integer::parseInt, lessThanOrEqualTo(86_400))
                .body("type", equalTo(Problem.TYPE_PREFIX + "LimitReachedError"))
                .body("title", equalTo("A spend limit is reached"))
                .body("status", equalTo(429))
                .body("detail", containsString("max_images_per_day is 2, 2 already used today (UTC)"));

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aProxySubmitCountsAgainstTheSameLimit() {
        fal.acceptsSubmit();
        String target = "https://queue.fal.run" + SUBMIT_PATH;

        given().contentType("application/json").header(FalProxyResource.TARGET, target).body(asking(2))
                .when().post("/v1/fal/proxy").then().statusCode(200);
        given().contentType("application/json").header(FalProxyResource.TARGET, target).body(asking(1))
                .when().post("/v1/fal/proxy").then().statusCode(429).header("Retry-After", Integer::parseInt,
                        greaterThan(0));

        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
    }
}
