package dev.characterremix.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.characterremix.testing.FalStandIn;

/**
 * TEST ONLY: runs {@code contract/fal-client.proxy.mjs}, fal's JavaScript client ({@code @fal-ai/client} from npm)
 * under Node's test runner, against a proxy URL; the npm dependencies are installed by the build.
 */
final class FalJsClient {

    /** What the Node test run printed and how it exited. */
    record Run(int exitCode, String output) {
    }

    private FalJsClient() {
    }

    static Run against(String proxyUrl) throws IOException, InterruptedException {
        return against(proxyUrl, null, null);
    }

    /** With two callers' tokens: the run also proves one cannot reach the other's requests. */
    static Run against(String proxyUrl, String aliceToken, String bobToken) throws IOException, InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "fal-client.proxy.mjs")
                .directory(Path.of("contract").toFile()).redirectErrorStream(true);
        // No fal key of the machine's may reach the client, and the run is its own, not part of another test run.
        node.environment().keySet().removeIf(name -> name.startsWith("FAL_") || name.equals("NODE_TEST_CONTEXT"));
        node.environment().put("PROXY_URL", proxyUrl);
        node.environment().put("KEY_THAT_MUST_NOT_LEAK", FalStandIn.KEY);
        if (aliceToken != null) {
            node.environment().put("ALICE_TOKEN", aliceToken);
            node.environment().put("BOB_TOKEN", bobToken);
        }
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, output + "\n(timed out)");
        }
        return new Run(process.exitValue(), output);
    }
}
