package dev.characterremix.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.characterremix.job.RemixService;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.SecretsManagerStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** With FAL_KEY_SECRET_ARN the key comes from Secrets Manager; after a rotation, a 401 makes it re-read once. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@TestProfile(FalKeyRotationTest.FromSecretsManager.class)
class FalKeyRotationTest {

    static final WireMockServer SECRETS_SERVER = FalStandIn.start();
    static final SecretsManagerStandIn SECRETS = new SecretsManagerStandIn(SECRETS_SERVER);

    public static class FromSecretsManager implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SecretsManagerStandIn.useTestCredentials();
            SECRETS.secretString("key-before-rotation");
            return Map.of("fal.key-secret-arn", SecretsManagerStandIn.ARN,
                    "fal.secrets-endpoint", SECRETS_SERVER.baseUrl());
        }
    }

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Test
    void usesTheSecretAndReReadsItOnceWhenFalRejectsARotatedKey() {
        fal.completesNormally();
        SECRETS.secretString("key-after-rotation");
        fal.server().stubFor(post(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization", equalTo("Key key-before-rotation"))
                .willReturn(FalStandIn.json(401, "fal/error-401.json")));

        var result = service.remix(Fixtures.falExample("required_parameters_example"), Duration.ofSeconds(10));

        assertThat(result.seed()).isEqualTo(123456L);
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization", equalTo("Key key-before-rotation")));
        fal.server().verify(1, postRequestedFor(urlPathEqualTo(SUBMIT_PATH))
                .withHeader("Authorization", equalTo("Key key-after-rotation")));
        // Once at start-up, once after the 401.
        SECRETS_SERVER.verify(2, postRequestedFor(urlPathEqualTo("/")));
    }
}
