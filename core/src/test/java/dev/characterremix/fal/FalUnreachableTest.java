package dev.characterremix.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.request.RemixRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** fal's address refuses connections: a submit is safe to retry, and the caller learns fal was never reached. */
@QuarkusTest
@TestProfile(FalUnreachableTest.ClosedPort.class)
class FalUnreachableTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fal.queue-url", "http://127.0.0.1:" + closedPort(), "fal.key", "test-key");
        }
    }

    @Inject
    FalClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void reportsARefusedConnectionAsUnavailableAndNeverAccepted() {
        RemixRequest request = RemixRequest.of("p", "https://e.com/i.png", List.of("https://e.com/r.png"));
        assertThatThrownBy(() -> client.submit(request, null, null)).isInstanceOfSatisfying(
                UpstreamUnavailableError.class,
                error -> {
                    assertThat(error.mayHaveBeenAccepted()).isFalse();
                    assertThat(error.status()).isZero();
                    assertThat(error.getMessage()).startsWith("Could not connect to fal for submit");
                });
        breakers.resetAll();
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
