package dev.characterremix.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * TEST ONLY: a stand-in for AWS Secrets Manager's JSON protocol ({@code POST /} with
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}) on WireMock, answering as AWS documents it, errors included.
 */
public final class SecretsManagerStandIn {

    public static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:character-remix/fal-key-AbCdEf";
    static final String TARGET = "secretsmanager.GetSecretValue";

    private final WireMockServer server;

    public SecretsManagerStandIn(WireMockServer server) {
        this.server = server;
    }

    public WireMockServer server() {
        return server;
    }

    /** Points the AWS SDK's default credential and region chains at harmless test values. */
    public static void useTestCredentials() {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test-access-key");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
    }

    public void secretString(String value) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"character-remix/fal-key\","
                                + "\"SecretString\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(value)
                                + ",\"VersionId\":\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\","
                                + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.523477145713E9}")));
    }

    public void fails(int status, String type, String message) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withHeader("x-amzn-RequestId", "0a1b2c3d-0000-4000-8000-000000000000")
                        .withBody("{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}")));
    }
}
