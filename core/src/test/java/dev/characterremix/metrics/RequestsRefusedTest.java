package dev.characterremix.metrics;

import static dev.characterremix.metrics.JobMetrics.REQUESTS_REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.ValidationError;
import dev.characterremix.job.RemixService;
import dev.characterremix.testing.CapturedMetrics;
import dev.characterremix.testing.EmfDocuments;
import dev.characterremix.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A request an operator's per-request spend limit refuses is counted, by limit, before anything reaches fal. */
@QuarkusTest
@TestProfile(RequestsRefusedTest.TightLimits.class)
class RequestsRefusedTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("remix.limits.rendering-speeds", "TURBO,BALANCED", "remix.limits.max-images-per-request",
                    "4", "fal.key", "unused", "fal.queue-url", "http://127.0.0.1:1");
        }
    }

    @Inject
    RemixService service;

    @Inject
    CapturedMetrics metrics;

    @BeforeEach
    void clear() {
        metrics.clear();
    }

    @Test
    void requestsOverTheSpendLimitsAreCountedByLimit() {
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        request.put("num_images", 8).put("rendering_speed", "QUALITY");

        assertThatThrownBy(() -> service.accept(request)).isInstanceOfSatisfying(ValidationError.class,
                error -> assertThat(error.limits()).containsExactly("rendering_speeds", "max_images_per_request"));

        List<JsonNode> refused = metrics.documents().with(REQUESTS_REFUSED);
        assertThat(refused).extracting(doc -> doc.path("Limit").asText())
                .containsExactlyInAnyOrder("max_images_per_request", "rendering_speeds");
        assertThat(refused)
                .allSatisfy(doc -> assertThat(EmfDocuments.dimensionSets(doc)).contains(List.of("Trigger", "Limit")));
    }

    @Test
    void aRequestBreakingOnlyFalsSchemaIsNotCountedAsRefusedByALimit() {
        ObjectNode request = (ObjectNode) Fixtures.falExample("required_parameters_example");
        request.put("strength", 2);

        assertThatThrownBy(() -> service.accept(request)).isInstanceOf(ValidationError.class);

        assertThat(metrics.documents().with(REQUESTS_REFUSED)).isEmpty();
    }
}
