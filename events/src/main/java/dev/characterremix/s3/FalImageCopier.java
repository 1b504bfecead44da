package dev.characterremix.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.characterremix.error.Printable;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies a generated image from fal into the bucket, streamed through a temporary file: memory does not grow with
 * the image, and the S3 upload has a sized body the SDK can re-send when S3 answers with a transient error.
 * Only fal's media hosts ({@link S3Config#resultHosts()}) are fetched: a result cannot make the function fetch an
 * arbitrary URL. A download, body included, ends within {@link S3Config#resultDownloadTimeout()}.
 */
@ApplicationScoped
public class FalImageCopier {

    /** One stored image. */
    public record Stored(String key, String falUrl, String contentType, long size) {
    }

    private final S3Client s3;
    private final S3Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** Ends a download at its deadline: closing the body's stream wakes a read blocked on a stalled host. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fal-image-download-deadline");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public FalImageCopier(S3Client s3, S3Config config) {
        this.s3 = s3;
        this.config = config;
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
    }

    /** Copies the image at {@code url} to {@code bucket}/{@code keyStem}.{ext}. */
    public Stored copy(String url, String bucket, String keyStem) {
        if (url.startsWith("data:")) {
            return copyDataUri(url, bucket, keyStem);
        }
        if (!allowed(url)) {
            throw new UpstreamError(0, null, "refusing to fetch a result from outside fal's media hosts: "
                    + Printable.of(url, 200));
        }
        Path spool = null;
        Duration timeout = config.resultDownloadTimeout();
        AtomicBoolean stalled = new AtomicBoolean();
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            InputStream body = response.body();
            ScheduledFuture<?> deadline = deadlines.schedule(() -> {
                stalled.set(true);
                closeQuietly(body);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (body) {
                if (response.statusCode() != 200) {
                    throw mediaHostError(response.statusCode(), url);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > config.maxResultBytes()) {
                    throw new UpstreamError(0, null, "the generated image is " + declared
                            + " bytes, over the limit of " + config.maxResultBytes());
                }
                // Spooled, so the S3 upload has a sized body the SDK can send again after a transient S3 error,
                // while memory stays flat whatever the image's size.
                spool = Files.createTempFile("fal-image", ".bin");
                Files.copy(new LimitedInputStream(body, config.maxResultBytes()), spool,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                deadline.cancel(false);
            }
            if (stalled.get()) {
                // The stream was closed under the copy, which then read an early end: the file is cut short.
                throw new IOException("the download did not finish within " + timeout.toSeconds() + " s");
            }
            String extension = extension(contentType, url);
            String key = keyStem + "." + extension;
            String storedType = IMAGE_TYPES.get(extension);
            long size = Files.size(spool);
            Path file = spool;
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(storedType).contentLength(size),
                    RequestBody.fromFile(file));
            return new Stored(key, url, storedType, size);
        } catch (IOException | UncheckedIOException e) {
            if (stalled.get()) {
                throw new UpstreamUnavailableError(0, true, null, "fal's media host did not send "
                        + Printable.of(url, 200) + " within " + timeout.toSeconds() + " s", e);
            }
            if (e.getMessage() != null && e.getMessage().contains("over the size limit")) {
                throw new UpstreamError(0, null, "the generated image is over the limit of "
                        + config.maxResultBytes() + " bytes");
            }
            throw new UpstreamUnavailableError(0, true, null, "could not download " + Printable.of(url, 200) + ": "
                    + Printable.of(String.valueOf(e.getMessage()), 200), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableError(0, true, null, "interrupted while downloading " + url, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** A media host's 5xx or 429 may pass; anything else will not. */
    private static RuntimeException mediaHostError(int status, String url) {
        String message = "fal's media host answered " + status + " for " + Printable.of(url, 200);
        return status == 429 || status >= 500
                ? new UpstreamUnavailableError(status, true, null, message, null)
                : new UpstreamError(status, null, message);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only wakes the copy; it reports the stall itself.
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // /tmp is per environment and reused; a leftover file is only space.
            }
        }
    }

    boolean allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        // fal's media hosts on the default https port only: another port of the same host is another service.
        boolean https = "https".equalsIgnoreCase(uri.getScheme()) && (uri.getPort() == -1 || uri.getPort() == 443);
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host + (uri.getPort() == -1
                ? ""
                : ":" + uri.getPort());
        return config.resultHosts().stream().anyMatch(allowed -> allowed.contains("://")
                ? origin.equals(allowed.toLowerCase(Locale.ROOT).replaceAll("/+$", ""))
                : https && (host.equals(allowed) || host.endsWith("." + allowed)));
    }

    private Stored copyDataUri(String uri, String bucket, String keyStem) {
        int comma = uri.indexOf(',');
        String header = comma < 0 ? "" : uri.substring(5, Math.min(comma, 5 + 100));
        if (comma < 0 || !header.endsWith(";base64")) {
            throw new UpstreamError(0, null, "fal returned a data URI that is not base64");
        }
        // Base64 is 4 characters for 3 bytes: the size is known before anything is decoded.
        long size = (uri.length() - comma - 1L) / 4 * 3;
        if (size > config.maxResultBytes()) {
            throw new UpstreamError(0, null, "the generated image is about " + size + " bytes, over the limit of "
                    + config.maxResultBytes());
        }
        String extension = extension(header.substring(0, header.length() - 7), null);
        String key = keyStem + "." + extension;
        String contentType = IMAGE_TYPES.get(extension);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(uri.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw new UpstreamError(0, null, "fal returned a data URI that is not base64");
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        return new Stored(key, null, contentType, bytes.length);
    }

    /** The image types a result may be stored as, by the extension it is stored under. */
    static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "webp",
            "image/webp");

    /**
     * The extension a result is stored under, from a fixed list: by its content type, else (no or a generic type) by
     * its URL's path. Anything but a PNG, JPEG or WebP image is refused: a result is stored in the user's bucket and
     * must not become, say, an HTML page there.
     */
    static String extension(String contentType, String url) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith("image/png")) {
            return "png";
        }
        if (type.startsWith("image/jpeg") || type.startsWith("image/jpg")) {
            return "jpg";
        }
        if (type.startsWith("image/webp")) {
            return "webp";
        }
        if ((type.isEmpty() || type.startsWith("application/octet-stream") || type.startsWith("binary/octet-stream"))
                && url != null) {
            String path = URI.create(url).getPath() == null ? "" : URI.create(url).getPath().toLowerCase(Locale.ROOT);
            for (String extension : List.of("png", "jpg", "jpeg", "webp")) {
                if (path.endsWith("." + extension)) {
                    return extension.equals("jpeg") ? "jpg" : extension;
                }
            }
        }
        throw new UpstreamError(0, null, "fal returned a result that is not a PNG, JPEG or WebP image (content type "
                + Printable.of(contentType == null ? "none" : contentType, 80) + ")");
    }

    /** Stops a body that has no declared length at the size limit. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0 && (remaining -= read) < 0) {
                throw new UncheckedIOException(new IOException("the generated image is over the size limit"));
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            int read = super.read();
            if (read >= 0 && --remaining < 0) {
                throw new UncheckedIOException(new IOException("the generated image is over the size limit"));
            }
            return read;
        }
    }
}
