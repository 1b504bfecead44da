package dev.characterremix.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * TEST ONLY: a stand-in for fal's queue API on WireMock, speaking the protocol of fal-protocol.md (202 while
 * queued or running, 200 once completed, the model's result, cancel outcomes, fal's error bodies). No real fal is
 * ever called by the tests.
 */
public final class FalStandIn {

    public static final String REQUEST_ID = "5a1f0c3e-8d4b-4e0a-9c1e-2b7f6d9a3c41";
    public static final String KEY = "test-fal-key-0123:secret-abc";
    public static final String SUBMIT_PATH = "/fal-ai/ideogram/character/remix";
    public static final String REQUESTS = "/fal-ai/ideogram/requests/";
    public static final String STATUS_PATH = REQUESTS + REQUEST_ID + "/status";
    public static final String STREAM_PATH = STATUS_PATH + "/stream";
    public static final String RESULT_PATH = REQUESTS + REQUEST_ID;
    public static final String CANCEL_PATH = REQUESTS + REQUEST_ID + "/cancel";
    /** Where the start-up priming probes: the status of a request id no job has. */
    public static final String PROBE_PATH = REQUESTS + "00000000-0000-0000-0000-000000000000/status";

    private final WireMockServer server;

    public FalStandIn(WireMockServer server) {
        this.server = server;
    }

    /** Starts a WireMock server on a free port. */
    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return server;
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text(fixture));
    }

    /** fal answers with its request id header, as it does on everything it accepted. */
    public static ResponseDefinitionBuilder accepted(int status, String fixture) {
        return json(status, fixture).withHeader("x-fal-request-id", REQUEST_ID);
    }

    /** The happy path: queued, then running, then completed with {@code fal/result-ok.json}. */
    public FalStandIn completesNormally() {
        return acceptsSubmit().statusSequence("fal/status-in-queue.json", "fal/status-in-progress.json",
                "fal/status-completed.json").result(200, "fal/result-ok.json");
    }

    /**
     * Running, then completed with one image at {@code <base URL>/files/out-1.png} (seed 7): for tests that copy fal's
     * media, which stub that file themselves.
     */
    public FalStandIn completesWithOneImage() {
        acceptsSubmit().statusSequence("fal/status-in-progress.json", "fal/status-completed.json");
        server.stubFor(get(urlPathEqualTo(RESULT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"images\": [{\"url\": \"" + baseUrl()
                        + "/files/out-1.png\", \"content_type\": \"image/png\"}], \"seed\": 7}")));
        return this;
    }

    public FalStandIn acceptsSubmit() {
        server.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).willReturn(accepted(200, "fal/submit-in-queue.json")));
        return this;
    }

    /**
     * Status answers in order (202 until a COMPLETED fixture, which gets 200); the last one repeats. The status
     * stream sends the same statuses as events, with a keep-alive comment between them, and ends.
     */
    public FalStandIn statusSequence(String... fixtures) {
        List<String> states = List.of(fixtures);
        StringBuilder events = new StringBuilder();
        for (String fixture : states) {
            // A multi-line JSON document is one event of several data lines, which SSE joins with newlines.
            Fixtures.text(fixture).strip().lines().forEach(line -> events.append("data: ").append(line).append('\n'));
            events.append("\n: keep-alive\n\n");
        }
        server.stubFor(get(urlPathEqualTo(STREAM_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withHeader("x-fal-request-id", REQUEST_ID)
                .withBody(events.toString())));
        for (int i = 0; i < states.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : "status-" + i;
            String fixture = states.get(i);
            int code = fixture.contains("completed") ? 200 : 202;
            var stub = get(urlPathEqualTo(STATUS_PATH)).inScenario("status").whenScenarioStateIs(state)
                    .willReturn(accepted(code, fixture));
            if (i + 1 < states.size()) {
                stub = stub.willSetStateTo("status-" + (i + 1));
            }
            server.stubFor(stub);
        }
        return this;
    }

    public FalStandIn result(int status, String fixture) {
        server.stubFor(get(urlPathEqualTo(RESULT_PATH)).willReturn(accepted(status, fixture)));
        return this;
    }

    public FalStandIn cancel(int status, String fixture) {
        server.stubFor(put(urlPathEqualTo(CANCEL_PATH)).willReturn(accepted(status, fixture)));
        return this;
    }

    /**
     * Passes every request on to a stateful fal ({@link QueuedFal}), whose results name this server as their media
     * host: for tests of an application whose fal URL is fixed to this stand-in.
     */
    public FalStandIn passesTo(QueuedFal queued) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(queued.url())));
        queued.mediaBase(baseUrl());
        return this;
    }

    public void reset() {
        server.resetAll();
    }
}
