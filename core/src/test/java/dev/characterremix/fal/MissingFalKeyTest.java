package dev.characterremix.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.job.RemixService;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without a key nothing is sent to fal: the remix fails before the network with a clear error. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@TestProfile(MissingFalKeyTest.NoKey.class)
class MissingFalKeyTest {

    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fal.key", " ");
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Test
    void failsBeforeCallingFalWhenNoKeyIsConfigured() {
        fal.completesNormally();

        assertThatThrownBy(
                () -> service.remix(Fixtures.falExample("required_parameters_example"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(UpstreamAuthError.class, error -> {
                    assertThat(error.status()).isZero();
                    assertThat(error)
                            .hasMessage("No fal key is configured: set FAL_KEY_SECRET_ARN (or FAL_KEY for local runs)");
                });
        fal.server().verify(0, anyRequestedFor(anyUrl()));
    }
}
