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
 * TEST ONLY: a stand-in for DynamoDB's JSON protocol ({@code POST /}, {@code X-Amz-Target:
 * DynamoDB_20120810.UpdateItem}, {@code application/x-amz-json-1.0}) on WireMock, holding numbers in memory. It
 * evaluates exactly the two counter updates the daily image limit sends (a conditional ADD, and its release) as
 * DynamoDB does, answering as DynamoDB documents it, {@code ConditionalCheckFailedException} with the old item
 * included; any other expression is a {@code ValidationException}, so a change to them cannot pass unnoticed.
 */
public final class DynamoDbStandIn {

    public static final String TABLE = "character-remix-usage";
    static final String TARGET = "DynamoDB_20120810.UpdateItem";
    static final String RESERVE = "ADD #images :n SET #expires = if_not_exists(#expires, :expires)";
    static final String RESERVE_IF = "attribute_not_exists(#images) OR #images <= :room";
    static final String RELEASE = "ADD #images :n";
    static final String RELEASE_IF = "attribute_exists(#images)";
    static final String JSON_1_0 = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Map<String, long[]> items = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    public DynamoDbStandIn() {
        server = new WireMockServer(options().dynamicPort().extensions(new Counter()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withTransformers(Counter.NAME)));
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

    public void reset() {
        items.clear();
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
                return update(JSON.readTree(event.getRequest().getBodyAsString()));
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
