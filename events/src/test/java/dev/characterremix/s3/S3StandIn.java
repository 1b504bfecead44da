package dev.characterremix.s3;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * TEST ONLY: an S3-compatible server (Adobe S3Mock's executable jar from Maven Central, copied to
 * {@code target/s3-stand-in} by the build) in its own process on a free port, with a fresh store each time, reached
 * through {@link AtomicWritesProxy} so conditional writes are atomic as on S3.
 */
public final class S3StandIn implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final Path root;
    private final AtomicWritesProxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private S3StandIn(Process process, Path root, AtomicWritesProxy proxy) {
        this.process = process;
        this.root = root;
        this.proxy = proxy;
        this.endpoint = proxy.endpoint();
        this.client = S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public static S3StandIn start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path root = Files.createTempDirectory("s3-stand-in");
        Path jar = Path.of("target", "s3-stand-in", "s3mock-exec.jar").toAbsolutePath();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0",
                "--com.adobe.testing.s3mock.http-port=" + port, "--com.adobe.testing.s3mock.store.root=" + root,
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile())
                .start();
        S3StandIn standIn = new S3StandIn(process, root, new AtomicWritesProxy(URI.create("http://127.0.0.1:" + port)));
        standIn.awaitReady(Duration.ofSeconds(90));
        return standIn;
    }

    /**
     * The environment of the packaged events zip as the S3 function against this stand-in: uploads in {@code bucket},
     * plain images remixed with {@code prompt} and the character at {@code references/hero.png} there, and fal at
     * {@code falUrl} with {@code falKey}, which serves the generated images too. A mutable map, for a caller's own
     * additions.
     */
    public Map<String, String> functionEnvironment(String bucket, String falUrl, String falKey, String prompt) {
        Map<String, String> env = new HashMap<>(Map.of("FAL_KEY", falKey, "FAL_QUEUE_URL", falUrl,
                "QUARKUS_LAMBDA_HANDLER", "s3", "REMIX_S3_ENDPOINT_OVERRIDE", endpoint().toString(),
                "REMIX_S3_PATH_STYLE", "true", "REMIX_INPUT_ALLOW_HTTP", "true", "REMIX_S3_PROMPT", prompt,
                "REMIX_S3_REFERENCE_IMAGE", "s3://" + bucket + "/references/hero.png",
                "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
        env.put("REMIX_S3_RESULT_HOSTS", "fal.media," + falUrl);
        return env;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    /** The proxy in front of the server, which can play S3's transient failures. */
    AtomicWritesProxy proxy() {
        return proxy;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                client.listBuckets();
                return;
            } catch (RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    close();
                    throw new IllegalStateException("the S3 stand-in did not start", e);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(root.toFile());
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }
}
