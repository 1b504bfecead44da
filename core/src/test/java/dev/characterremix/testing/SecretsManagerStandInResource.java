package dev.characterremix.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: starts the Secrets Manager stand-in for a {@code @QuarkusTest}, holding the secret given as the
 * {@code secret} resource argument, and points the fal key at it. The running stand-in is {@link #standIn()}.
 * <p>
 * A resource rather than a test profile: Quarkus may load a profile class in another class loader than the test's,
 * so a server the profile starts is not the one the test would stub.
 */
public class SecretsManagerStandInResource implements QuarkusTestResourceLifecycleManager {

    private static volatile SecretsManagerStandIn current;

    private String secret = "fal-key-from-secrets-manager";

    public static SecretsManagerStandIn standIn() {
        return current;
    }

    @Override
    public void init(Map<String, String> args) {
        secret = args.getOrDefault("secret", secret);
    }

    @Override
    public Map<String, String> start() {
        SecretsManagerStandIn.useTestCredentials();
        current = new SecretsManagerStandIn(FalStandIn.start());
        current.secretString(secret);
        return Map.of("fal.key-secret-arn", SecretsManagerStandIn.ARN,
                "fal.secrets-endpoint", current.server().baseUrl());
    }

    @Override
    public void stop() {
        if (current != null) {
            current.server().stop();
        }
    }
}
