package dev.characterremix.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.characterremix.testing.FalStandIn.SUBMIT_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.characterremix.job.RemixService;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.FalStandInResource;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.InjectFalStandIn;
import dev.characterremix.testing.SecretsManagerStandIn;
import dev.characterremix.testing.SecretsManagerStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** With FAL_KEY_SECRET_ARN the key comes from Secrets Manager; after a rotation, a 401 makes it re-read once. */
@QuarkusTest
@QuarkusTestResource(FalStandInResource.class)
@QuarkusTestResource(value = SecretsManagerStandInResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "secret", value = "key-before-rotation"))
class FalKeyRotationTest {

    final SecretsManagerStandIn secrets = SecretsManagerStandInResource.standIn();

    @InjectFalStandIn
    FalStandIn fal;

    @Inject
    RemixService service;

    @Test
    void usesTheSecretAndReReadsItOnceWhenFalRejectsARotatedKey() {
        fal.completesNormally();
        secrets.secretString("key-after-rotation");
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
        secrets.server().verify(2, postRequestedFor(urlPathEqualTo("/")));
    }
}
