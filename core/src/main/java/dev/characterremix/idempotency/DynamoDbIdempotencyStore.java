package dev.characterremix.idempotency;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Keys in DynamoDB (the usage table): one item per caller and key, {@code idem#<caller>#<key hash>}, removed by the
 * table's TTL on {@code expires_at}. Taking a key is a conditional {@code PutItem}, so of two concurrent attempts only
 * one submits.
 */
final class DynamoDbIdempotencyStore implements IdempotencyStore {

    static final String KEY = "pk";
    static final String FINGERPRINT = "fingerprint";
    static final String CREATED_AT = "created_at";
    static final String FAL_REQUEST_ID = "fal_request_id";
    static final String EXPIRES_AT = "expires_at";

    private final DynamoDbClient client;
    private final String table;

    DynamoDbIdempotencyStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Optional<IdempotencyRecord> begin(String id, String fingerprint, Instant now, Instant expiresAt) {
        try {
            client.putItem(put -> put.tableName(table).item(item(id, fingerprint, now, expiresAt))
                    // An item past its expiry may still be there: DynamoDB's TTL removes items within days.
                    .conditionExpression("attribute_not_exists(#pk) OR #expires < :now")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#expires", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", number(now.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(record(e.item()));
        }
    }

    @Override
    public boolean takeOver(String id, IdempotencyRecord stale, Instant now, Instant expiresAt) {
        try {
            client.putItem(put -> put.tableName(table).item(item(id, stale.fingerprint(), now, expiresAt))
                    .conditionExpression("#created = :created AND attribute_not_exists(#fal)")
                    .expressionAttributeNames(Map.of("#created", CREATED_AT, "#fal", FAL_REQUEST_ID))
                    .expressionAttributeValues(Map.of(":created", number(stale.createdAt().toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void complete(String id, String falRequestId) {
        client.updateItem(update -> update.tableName(table).key(Map.of(KEY, AttributeValue.fromS(id)))
                .updateExpression("SET #fal = :fal").conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#fal", FAL_REQUEST_ID, "#pk", KEY))
                .expressionAttributeValues(Map.of(":fal", AttributeValue.fromS(falRequestId))));
    }

    @Override
    public void abandon(String id) {
        client.deleteItem(delete -> delete.tableName(table).key(Map.of(KEY, AttributeValue.fromS(id))));
    }

    @Override
    public Optional<IdempotencyRecord> read(String id) {
        Map<String, AttributeValue> item = client.getItem(get -> get.tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    private static Map<String, AttributeValue> item(String id, String fingerprint, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(id));
        item.put(FINGERPRINT, AttributeValue.fromS(fingerprint));
        item.put(CREATED_AT, number(now.toEpochMilli()));
        item.put(EXPIRES_AT, number(expiresAt.getEpochSecond()));
        return item;
    }

    private static IdempotencyRecord record(Map<String, AttributeValue> item) {
        AttributeValue fal = item.get(FAL_REQUEST_ID);
        return new IdempotencyRecord(item.get(FINGERPRINT).s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(CREATED_AT).n())),
                fal == null ? Optional.empty() : Optional.of(fal.s()));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
