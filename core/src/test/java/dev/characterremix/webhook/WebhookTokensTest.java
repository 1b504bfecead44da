package dev.characterremix.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Webhook tokens: what they name comes back only from a token we sealed. */
class WebhookTokensTest {

    static WebhookTokens tokens(String falKey) {
        return new WebhookTokens(FalWebhookVerifierTest.config(), () -> falKey);
    }

    @Test
    void aSealedPurposeOpensAsItWent() {
        WebhookTokens tokens = tokens("key-1");
        String purpose = "{\"kind\":\"s3\",\"key\":\"inputs/ski\\nmulti line.png\"}";

        assertThat(tokens.open(tokens.seal(purpose))).contains(purpose);
    }

    @Test
    void anEditedForeignOrMalformedTokenOpensToNothing() {
        String token = tokens("key-1").seal("{\"kind\":\"s3\",\"key\":\"a.png\"}");
        String other = tokens("key-1").seal("{\"kind\":\"s3\",\"key\":\"b.png\"}");

        assertThat(tokens("key-2").open(token)).isEmpty();
        assertThat(tokens("key-1").open(other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'))))
                .isEmpty();
        assertThat(tokens("key-1").open("not-a-token")).isEmpty();
        assertThat(tokens("key-1").open("a.b.c")).isEmpty();
        assertThat(tokens("key-1").open("!!!.???")).isEmpty();
        assertThat(tokens("key-1").open(null)).isEmpty();
    }

    @Test
    void aWebhookUrlCarriesTheTokenOnlyWhenWebhooksAreConfigured() {
        WebhookConfig configured = new FalWebhookVerifierTest.TestWebhookConfig(
                Optional.of(URI.create("https://api.example/v1/fal/webhook")));

        assertThat(new WebhookTargets(FalWebhookVerifierTest.config(), tokens("k")).forPurpose("p")).isEmpty();
        assertThat(new WebhookTargets(configured, tokens("k")).forPurpose("p").orElseThrow())
                .startsWith("https://api.example/v1/fal/webhook?token=");
    }
}
