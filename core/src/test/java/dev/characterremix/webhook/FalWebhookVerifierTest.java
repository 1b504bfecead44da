package dev.characterremix.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.testing.FalWebhookSender;

/** fal's webhook signatures, checked as fal documents them, against a key set that may rotate. */
class FalWebhookVerifierTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    static final byte[] BODY = "{\"request_id\":\"r-1\",\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    FalWebhookSender fal = new FalWebhookSender();
    final AtomicInteger reads = new AtomicInteger();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    FalWebhookVerifier verifier() {
        FalJwksApi jwks = () -> {
            reads.incrementAndGet();
            return read(fal.jwks());
        };
        // The test's clock, as set at each step.
        Clock current = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }
        };
        return new FalWebhookVerifier(jwks, config(), current);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** fal's defaults, and webhooks to {@code url} (empty: none). */
    record TestWebhookConfig(Optional<URI> url) implements WebhookConfig {
        @Override
        public URI jwksUrl() {
            return URI.create("http://jwks");
        }

        @Override
        public Duration jwksMaxAge() {
            return Duration.ofHours(24);
        }

        @Override
        public Duration jwksRefreshInterval() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Duration tolerance() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Optional<String> tokenSecret() {
            return Optional.empty();
        }
    }

    static WebhookConfig config() {
        return new TestWebhookConfig(Optional.empty());
    }

    String verify(FalWebhookVerifier verifier, Map<String, String> headers, byte[] body) {
        return verifier.verify(headers::get, body);
    }

    @Test
    void aDeliverySignedByFalIsTakenAndTheKeySetReadOnce() {
        FalWebhookVerifier verifier = verifier();

        assertThat(verify(verifier, fal.signed("r-1", BODY, NOW.getEpochSecond()), BODY)).isEqualTo("r-1");
        assertThat(verify(verifier, fal.signed("r-2", BODY, NOW.getEpochSecond() - 200), BODY)).isEqualTo("r-2");
        assertThat(reads).hasValue(1);
    }

    @Test
    void anAlteredBodyOrAnotherSignerIsRefused() {
        FalWebhookVerifier verifier = verifier();
        byte[] altered = "{\"request_id\":\"r-1\",\"status\":\"ERROR\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verify(verifier, fal.signed("r-1", BODY, NOW.getEpochSecond()), altered))
                .isInstanceOfSatisfying(WebhookRefused.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> verify(verifier,
                FalWebhookSender.signed(FalWebhookSender.generate(), "r-1", BODY, NOW.getEpochSecond()), BODY))
                .isInstanceOf(WebhookRefused.class).hasMessageContaining("no key");
    }

    @Test
    void aDeliverySignedOutsideTheToleranceOrWithoutItsHeadersIsRefused() {
        FalWebhookVerifier verifier = verifier();

        assertThatThrownBy(() -> verify(verifier, fal.signed("r-1", BODY, NOW.getEpochSecond() - 301), BODY))
                .isInstanceOf(WebhookRefused.class).hasMessageContaining("away from now");
        assertThatThrownBy(() -> verify(verifier, fal.signed("r-1", BODY, NOW.getEpochSecond() + 301), BODY))
                .isInstanceOf(WebhookRefused.class).hasMessageContaining("away from now");
        assertThatThrownBy(() -> verify(verifier, Map.of(), BODY)).isInstanceOf(WebhookRefused.class)
                .hasMessageContaining("missing x-fal-webhook-request-id");
    }

    @Test
    void aRotatedKeyIsFoundByReadingTheKeySetAgainAtMostOnceAMinute() {
        FalWebhookVerifier verifier = verifier();
        verify(verifier, fal.signed("r-1", BODY, NOW.getEpochSecond()), BODY);
        fal = new FalWebhookSender(); // fal rotates its key
        clock = Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC);

        // Within the minute the set is not read again: a flood of forged deliveries cannot make us hammer fal.
        assertThatThrownBy(() -> verify(verifier, fal.signed("r-2", BODY, NOW.getEpochSecond()), BODY))
                .isInstanceOf(WebhookRefused.class);
        assertThat(reads).hasValue(1);
        clock = Clock.fixed(NOW.plusSeconds(90), ZoneOffset.UTC);

        assertThat(verify(verifier, fal.signed("r-2", BODY, NOW.getEpochSecond()), BODY)).isEqualTo("r-2");
        assertThat(reads).hasValue(2);
    }
}
