package dev.characterremix.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: starts the DynamoDB stand-in for a {@code @QuarkusTest} and points the daily image limit and the
 * idempotency keys at it (the limit itself comes from the test's profile). The running stand-in is {@link #standIn()}.
 */
public class DynamoDbStandInResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DynamoDbStandIn current;

    public static DynamoDbStandIn standIn() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        SecretsManagerStandIn.useTestCredentials();
        current = new DynamoDbStandIn();
        // The usage table holds the idempotency keys too, as Terraform deploys it.
        return Map.of("remix.limits.usage-endpoint", current.url(), "remix.limits.usage-table", DynamoDbStandIn.TABLE,
                "remix.idempotency.table", DynamoDbStandIn.TABLE);
    }

    @Override
    public void stop() {
        if (current != null) {
            current.stop();
        }
    }
}
