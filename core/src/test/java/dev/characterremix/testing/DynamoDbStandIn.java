package dev.characterremix.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * TEST ONLY: a stand-in for DynamoDB's JSON protocol ({@code POST /}, {@code X-Amz-Target: DynamoDB_20120810.<op>},
 * {@code application/x-amz-json-1.0}) on WireMock, holding items in memory. It evaluates exactly the requests the
 * function sends, as DynamoDB does: the daily limit's two counter updates (a conditional ADD, and its release), and
 * the idempotency keys' and job ends' conditional PutItem, GetItem, UpdateItem SET and DeleteItem; it answers as DynamoDB documents
 * it, {@code ConditionalCheckFailedException} with the old item included. Any other expression is a
 * {@code ValidationException}, so a change to them cannot pass unnoticed.
 */
public final class DynamoDbStandIn {

    public static final String TABLE = "character-remix-usage";
    static final String TARGET = "DynamoDB_20120810.UpdateItem";
    /** The job ends' PutItem: written once. */
    static final String CREATE = "attribute_not_exists(#pk)";
    static final String PREFIX = "DynamoDB_20120810.";
    static final String TAKE = "attribute_not_exists(#pk) OR #expires < :now";
    static final String TAKE_OVER = "#created = :created AND attribute_not_exists(#fal)";
    static final String COMPLETE = "SET #fal = :fal";
    static final String COMPLETE_IF = "attribute_exists(#pk)";
    static final String RESERVE = "ADD #images :n SET #expires = if_not_exists(#expires, :expires)";
    static final String RESERVE_IF = "attribute_not_exists(#images) OR #images <= :room";
    static final String RELEASE = "ADD #images :n";
    static final String RELEASE_IF = "attribute_exists(#images)";
    static final String JSON_1_0 = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Map<String, long[]> items = new ConcurrentHashMap<>();
    /** Items of the idempotency keys, as DynamoDB's JSON holds them ({@code {"pk": {"S": …}, …}}). */
    private final Map<String, ObjectNode> documents = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    public DynamoDbStandIn() {
        server = new WireMockServer(options().dynamicPort().extensions(new Counter()));
        server.start();
        for (String operation : new String[] { "UpdateItem", "PutItem", "GetItem", "DeleteItem" }) {
            server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PREFIX + operation))
                    .willReturn(aResponse().withTransformers(Counter.NAME)));
        }
    }

    public String url() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** Today's count under {@code key} (e.g. {@code images#2026-11-26}), 0 when there is no item. */
    public long images(String key) {
        long[] item = items.get(key);
        return item == null ? 0 : item[0];
    }

    /** The item's {@code expires_at} (epoch seconds), 0 when there is none. */
    public long expiresAt(String key) {
        long[] item = items.get(key);
        return item == null ? 0 : item[1];
    }

    /** Every call answers 500 InternalServerError (as DynamoDB does when it is failing), or stops doing so. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** The idempotency item {@code key}, as DynamoDB's JSON holds it; null when there is none. */
    public ObjectNode document(String key) {
        return documents.get(key);
    }

    /** Every idempotency item's key. */
    public java.util.Set<String> documentKeys() {
        return java.util.Set.copyOf(documents.keySet());
    }

    public void reset() {
        items.clear();
        documents.clear();
        unavailable = false;
        server.resetRequests();
    }

    public void stop() {
        server.stop();
    }

    private final class Counter implements ResponseDefinitionTransformerV2 {
        static final String NAME = "dynamodb-counter";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (unavailable) {
                return error(500, "InternalServerError", "Internal server error");
            }
            try {
                JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
                String operation = event.getRequest().getHeader("X-Amz-Target").substring(PREFIX.length());
                if (!TABLE.equals(request.path("TableName").asText())) {
                    return error(400, "ResourceNotFoundException", "Requested resource not found");
                }
                String key = request.at("/Key/pk/S").asText(request.at("/Item/pk/S").asText(null));
                if (key != null && (key.startsWith("idem#") || key.startsWith("end#"))) {
                    synchronized (documents) {
                        return document(operation, key, request);
                    }
                }
                return update(request);
            } catch (IOException e) {
                return error(400, "SerializationException", "Start of structure or map found where not expected");
            }
        }

        private ResponseDefinition update(JsonNode request) {
            if (!TABLE.equals(request.path("TableName").asText())) {
                return error(400, "ResourceNotFoundException", "Requested resource not found");
            }
            String key = request.at("/Key/pk/S").asText(null);
            JsonNode names = request.path("ExpressionAttributeNames");
            JsonNode values = request.path("ExpressionAttributeValues");
            String expression = request.path("UpdateExpression").asText();
            String condition = request.path("ConditionExpression").asText();
            if (key == null || !"images".equals(names.path("#images").asText())) {
                return error(400, "ValidationException", "The provided key element does not match the schema");
            }
            long n = Long.parseLong(values.at("/:n/N").asText("0"));
            synchronized (items) {
                long[] item = items.get(key);
                if (expression.equals(RESERVE) && condition.equals(RESERVE_IF)) {
                    long room = Long.parseLong(values.at("/:room/N").asText());
                    if (item != null && item[0] > room) {
                        return conditionFailed(request, item);
                    }
                    long[] updated = item == null
                            ? new long[] { 0, Long.parseLong(values.at("/:expires/N").asText()) }
                            : item;
                    updated[0] += n;
                    items.put(key, updated);
                    return ok(request, updated);
                }
                if (expression.equals(RELEASE) && condition.equals(RELEASE_IF)) {
                    if (item == null) {
                        return conditionFailed(request, null);
                    }
                    item[0] += n;
                    return ok(request, item);
                }
            }
            return error(400, "ValidationException", "Invalid UpdateExpression: an expression this stand-in does not "
                    + "know: " + expression + " / " + condition);
        }

        /** The idempotency keys' requests, evaluated as DynamoDB would; any other expression is refused. */
        private ResponseDefinition document(String operation, String key, JsonNode request) {
            ObjectNode held = documents.get(key);
            String condition = request.path("ConditionExpression").asText("");
            JsonNode values = request.path("ExpressionAttributeValues");
            switch (operation) {
                case "PutItem" -> {
                    boolean met;
                    if (condition.equals(CREATE)) {
                        met = held == null;
                    } else if (condition.equals(TAKE)) {
                        met = held == null || held.at("/expires_at/N").asLong() < values.at("/:now/N").asLong();
                    } else if (condition.equals(TAKE_OVER)) {
                        met = held != null
                                && held.at("/created_at/N").asText().equals(values.at("/:created/N").asText())
                                && !held.has("fal_request_id");
                    } else {
                        return error(400, "ValidationException", "Invalid ConditionExpression: " + condition);
                    }
                    if (!met) {
                        ObjectNode body = JSON.createObjectNode()
                                .put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
                                .put("message", "The conditional request failed");
                        if (held != null && "ALL_OLD".equals(request.path("ReturnValuesOnConditionCheckFailure")
                                .asText())) {
                            body.set("Item", held.deepCopy());
                        }
                        return respond(400, body);
                    }
                    documents.put(key, (ObjectNode) request.get("Item").deepCopy());
                    return respond(200, JSON.createObjectNode());
                }
                case "GetItem" -> {
                    ObjectNode body = JSON.createObjectNode();
                    if (held != null) {
                        body.set("Item", held.deepCopy());
                    }
                    return respond(200, body);
                }
                case "DeleteItem" -> {
                    documents.remove(key);
                    return respond(200, JSON.createObjectNode());
                }
                case "UpdateItem" -> {
                    if (!COMPLETE.equals(request.path("UpdateExpression").asText()) || !COMPLETE_IF.equals(condition)) {
                        return error(400, "ValidationException", "Invalid UpdateExpression: an expression this "
                                + "stand-in does not know: " + request.path("UpdateExpression").asText());
                    }
                    if (held == null) {
                        return respond(400, JSON.createObjectNode()
                                .put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
                                .put("message", "The conditional request failed"));
                    }
                    held.set("fal_request_id", values.get(":fal").deepCopy());
                    return respond(200, JSON.createObjectNode());
                }
                default -> {
                    return error(400, "UnknownOperationException", operation);
                }
            }
        }

        private ResponseDefinition respond(int status, JsonNode body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", JSON_1_0)
                    .withHeader("x-amzn-RequestId", "STANDIN00000000000000000000000000000000000000000000000")
                    .withBody(body.toString()).build();
        }

        private ResponseDefinition ok(JsonNode request, long[] item) {
            ObjectNode body = JSON.createObjectNode();
            if ("UPDATED_NEW".equals(request.path("ReturnValues").asText())) {
                body.putObject("Attributes").putObject("images").put("N", Long.toString(item[0]));
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", JSON_1_0)
                    .withHeader("x-amzn-RequestId", "STANDIN00000000000000000000000000000000000000000000000")
                    .withBody(body.toString()).build();
        }

        private ResponseDefinition conditionFailed(JsonNode request, long[] item) {
            ObjectNode body = JSON.createObjectNode()
                    .put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
                    .put("message", "The conditional request failed");
            if (item != null && "ALL_OLD".equals(request.path("ReturnValuesOnConditionCheckFailure").asText())) {
                ObjectNode old = body.putObject("Item");
                old.putObject("pk").put("S", request.at("/Key/pk/S").asText());
                old.putObject("images").put("N", Long.toString(item[0]));
                old.putObject("expires_at").put("N", Long.toString(item[1]));
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(400).withHeader("Content-Type", JSON_1_0)
                    .withBody(body.toString()).build();
        }

        private ResponseDefinition error(int status, String type, String message) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", JSON_1_0)
                    .withBody(JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#" + type)
                            .put("message", message).toString())
                    .build();
        }
    }
}
