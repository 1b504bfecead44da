package dev.characterremix.testing;

import java.util.List;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * TEST ONLY: a test profile with the usage table in the DynamoDB stand-in (daily limits and idempotency keys) and the
 * clock standing still at {@link TestClock#NOW}; a test's own profile adds its settings.
 */
public abstract class UsageTableProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DynamoDbStandInResource.class));
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestClock.class);
    }
}
