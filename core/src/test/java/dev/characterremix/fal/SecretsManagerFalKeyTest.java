package dev.characterremix.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.characterremix.error.UpstreamAuthError;
import dev.characterremix.testing.FalStandIn;
import dev.characterremix.testing.SecretsManagerStandIn;

/** The real AWS SDK v2 Secrets Manager client against a stand-in of the Secrets Manager JSON protocol. */
class SecretsManagerFalKeyTest {

    static SecretsManagerStandIn secrets;
    static final String ARN = SecretsManagerStandIn.ARN;

    @BeforeAll
    static void start() {
        SecretsManagerStandIn.useTestCredentials();
        secrets = new SecretsManagerStandIn(FalStandIn.start());
    }

    @AfterAll
    static void stop() {
        secrets.server().stop();
    }

    @BeforeEach
    void reset() {
        secrets.server().resetAll();
    }

    SecretsManagerFalKey key() {
        return new SecretsManagerFalKey(ARN, URI.create(secrets.server().baseUrl()));
    }

    @Test
    void readsAPlainSecretStringOnceAndCachesIt() {
        secrets.secretString("fal-key-id:fal-key-secret");
        SecretsManagerFalKey key = key();

        assertThat(key.key()).isEqualTo("fal-key-id:fal-key-secret");
        assertThat(key.key()).isEqualTo("fal-key-id:fal-key-secret");
        secrets.server().verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN))));
    }

    @Test
    void asksSecretsManagerToCloseTheConnectionSoNoneIsKeptIntoASnapshot() {
        secrets.secretString("fal-key-id:fal-key-secret");
        SecretsManagerFalKey key = key();
        key.key();
        key.reload();

        secrets.server().verify(2, postRequestedFor(urlEqualTo("/")).withHeader("Connection", equalTo("close")));
    }

    @Test
    void readsTheFalKeyFieldOfAJsonSecret() {
        secrets.secretString("{\"FAL_KEY\": \"json-key-id:json-secret\"}");
        assertThat(key().key()).isEqualTo("json-key-id:json-secret");
    }

    @Test
    void rejectsAJsonSecretWithoutAFalKeyFieldWithoutEchoingIt() {
        secrets.secretString("{\"password\": \"hunter2\"}");
        assertThatThrownBy(() -> key().key()).isInstanceOf(UpstreamAuthError.class)
                .hasMessage("The fal key secret " + ARN + " is JSON without a FAL_KEY field")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void reportsAMissingSecretClearly() {
        secrets.fails(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        assertThatThrownBy(() -> key().key()).isInstanceOf(UpstreamAuthError.class)
                .hasMessage("The fal key secret " + ARN + " does not exist");
    }

    @Test
    void reportsAccessDeniedClearly() {
        secrets.fails(400, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/x is not authorized");
        assertThatThrownBy(() -> key().key()).isInstanceOf(UpstreamAuthError.class)
                .hasMessage("Could not read the fal key secret " + ARN + " (AccessDeniedException)");
    }

    @Test
    void reloadTellsWhetherTheKeyWasRotated() {
        secrets.secretString("old-key");
        SecretsManagerFalKey key = key();
        assertThat(key.key()).isEqualTo("old-key");

        assertThat(key.reload()).isFalse();
        secrets.secretString("new-key");
        assertThat(key.reload()).isTrue();
        assertThat(key.key()).isEqualTo("new-key");
    }
}
