package dev.characterremix.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.net.httpserver.HttpServer;

import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;

/** What the copier fetches, and that a media host stalling mid-body cannot hold the invocation. */
class FalImageCopierTest {

    final CountDownLatch released = new CountDownLatch(1);
    HttpServer host;

    @AfterEach
    void stop() {
        released.countDown();
        if (host != null) {
            host.stop(0);
        }
    }

    /** The copier's settings: results from fal.media, or the given origin; downloads bounded at one second. */
    static S3Config config(String origin) {
        Map<String, Object> values = Map.of("resultHosts", List.of("fal.media", origin), "maxResultBytes", 1_000_000L,
                "resultDownloadTimeout", Duration.ofSeconds(1));
        return (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(), new Class<?>[] { S3Config.class },
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.get(method.getName());
                });
    }

    @Test
    @Timeout(60)
    void aMediaHostThatStallsMidBodyFailsTheDownloadAtItsDeadline() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        host.createContext("/files/out.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 100_000);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[10]);
                body.flush();
                // Headers and a few bytes, then nothing until the test is over.
                released.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        host.start();
        String origin = "http://127.0.0.1:" + host.getAddress().getPort();
        FalImageCopier copier = new FalImageCopier(null, config(origin));

        assertThatThrownBy(() -> copier.copy(origin + "/files/out.png", "bucket", "results/x/0"))
                .isInstanceOfSatisfying(UpstreamUnavailableError.class, error -> assertThat(error.getMessage())
                        .isEqualTo("fal's media host did not send " + origin + "/files/out.png within 1 s"));
    }

    @Test
    void onlyFalsMediaHostsOverHttpsAndConfiguredOriginsAreFetched() {
        FalImageCopier copier = new FalImageCopier(null, config("http://127.0.0.1:8097"));

        assertThat(copier.allowed("https://v3.fal.media/files/zebra/out.png")).isTrue();
        assertThat(copier.allowed("https://fal.media/files/out.png")).isTrue();
        assertThat(copier.allowed("http://127.0.0.1:8097/files/out.png")).isTrue();
        // fal's queue is not a media host, whatever the configured fal URL: a result cannot point the copier there.
        assertThat(copier.allowed("https://queue.fal.run/fal-ai/ideogram/requests/x")).isFalse();
        assertThat(copier.allowed("http://v3.fal.media/files/out.png")).isFalse();
        assertThat(copier.allowed("https://v3.fal.media:8443/files/out.png")).isFalse();
        assertThat(copier.allowed("https://user@v3.fal.media/files/out.png")).isFalse();
        assertThat(copier.allowed("https://evilfal.media/out.png")).isFalse();
        assertThat(copier.allowed("http://127.0.0.1:8098/files/out.png")).isFalse();
        assertThatThrownBy(() -> copier.copy("https://queue.fal.run/x.png", "bucket", "stem"))
                .isInstanceOf(UpstreamError.class).hasMessageContaining("outside fal's media hosts");
    }
}
