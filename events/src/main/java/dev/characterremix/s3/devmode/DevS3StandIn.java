package dev.characterremix.s3.devmode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * DEV MODE ONLY (the bean does not exist in a production build): an S3-compatible server on localhost for the S3
 * handler's dev mode, the same one the tests use (Adobe S3Mock's executable jar, which the build copies to
 * {@code target/s3-stand-in}), with the upload bucket created. Its objects live in a temporary folder for the
 * session. It starts in the background, so dev mode does not wait for it.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevS3StandIn {

    private static final Logger LOG = Logger.getLogger(DevS3StandIn.class);
    static final Path JAR = Path.of("target", "s3-stand-in", "s3mock-exec.jar");

    private Process process;

    void start(@Observes StartupEvent event,
            @ConfigProperty(name = DevS3StandInConfig.ACTIVE, defaultValue = "false") boolean active,
            @ConfigProperty(name = DevS3StandInConfig.PORT, defaultValue = DevS3StandInConfig.DEFAULT_PORT) int port,
            @ConfigProperty(name = DevS3StandInConfig.BUCKET,
                    defaultValue = DevS3StandInConfig.DEFAULT_BUCKET) String bucket)
            throws IOException {
        if (!active) {
            return;
        }
        if (!Files.exists(JAR)) {
            LOG.warnf("No local S3 for the S3 handler: %s is missing. Run ./mvnw install -DskipTests once, then start "
                    + "dev mode again.", JAR.toAbsolutePath());
            return;
        }
        // The SDK's default chains find these before anything of the developer's: the stand-in takes any key.
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "dev-stand-in");
        System.setProperty("aws.secretAccessKey", "dev-stand-in");
        Path root = Files.createTempDirectory("dev-s3-stand-in");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--server.port=0",
                "--com.adobe.testing.s3mock.http-port=" + port, "--com.adobe.testing.s3mock.store.root=" + root,
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile())
                .start();
        URI endpoint = URI.create("http://localhost:" + port);
        Thread starter = new Thread(() -> createBucket(endpoint, bucket), "dev-s3-stand-in");
        starter.setDaemon(true);
        starter.start();
    }

    /** Waits for the server, then creates the bucket with S3's own API (a PUT on the bucket's path). */
    private void createBucket(URI endpoint, String bucket) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                int status = http.send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200 || status == 409) {
                    LOG.infof("Local S3 for the S3 handler on %s, bucket %s: put a job file under jobs/ or an image "
                            + "under inputs/, then POST its notification to the mock event server (docs/local-development.md).",
                            endpoint, bucket);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warnf("The local S3 for the S3 handler did not start on %s; see its log in %s.", endpoint,
                System.getProperty("java.io.tmpdir"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (process != null) {
            process.destroy();
        }
    }
}
