package dev.characterremix.usage;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.characterremix.request.SpendLimits;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one DynamoDB client of the usage table, shared by the daily limits and the idempotency keys: built once, by
 * whichever needs it first during start-up (before a SnapStart snapshot), at {@code remix.limits.usage-endpoint} when
 * set.
 */
@Singleton
public class UsageTableClient {

    private final SpendLimits limits;
    private DynamoDbClient client;

    @Inject
    public UsageTableClient(SpendLimits limits) {
        this.limits = limits;
    }

    /** The client, built on first use. */
    public synchronized DynamoDbClient get() {
        if (client == null) {
            var builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            limits.usageEndpoint().ifPresent(builder::endpointOverride);
            client = builder.build();
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
