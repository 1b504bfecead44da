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
import java.util.Locale;
import java.util.OptionalLong;

import dev.characterremix.error.UpstreamError;
import dev.characterremix.fal.FalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies a generated image from fal into the bucket, streamed: the body goes from the HTTP response straight into
 * the S3 upload (or through a temporary file when fal sends no length), so memory does not grow with the image.
 * Only fal's media hosts (and the configured fal base URL) are fetched: a result cannot make the function fetch an
 * arbitrary URL.
 */
@ApplicationScoped
public class FalImageCopier {

    /** One stored image. */
    public record Stored(String key, String falUrl, String contentType, long size) {
    }

    private final S3Client s3;
    private final S3Config config;
    private final FalConfig fal;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    public FalImageCopier(S3Client s3, S3Config config, FalConfig fal) {
        this.s3 = s3;
        this.config = config;
        this.fal = fal;
    }

    /** Copies the image at {@code url} to {@code bucket}/{@code keyStem}.{ext}. */
    public Stored copy(String url, String bucket, String keyStem) {
        if (url.startsWith("data:")) {
            return copyDataUri(url, bucket, keyStem);
        }
        if (!allowed(url)) {
            throw new UpstreamError(0, null, "refusing to fetch a result from outside fal's media hosts: " + url);
        }
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UpstreamError(response.statusCode(), null,
                            "fal's media host answered " + response.statusCode() + " for " + url);
                }
                String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
                String key = keyStem + "." + extension(contentType, url);
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                long size = length.isPresent() ? put(bucket, key, contentType, body, length.getAsLong())
                        : putSpooled(bucket, key, contentType, body);
                return new Stored(key, url, contentType, size);
            }
        } catch (IOException e) {
            throw new UpstreamError(0, null, "could not download " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamError(0, null, "interrupted while downloading " + url, e);
        }
    }

    boolean allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean falMedia = "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null
                && config.resultHosts().stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
        String base = fal.queueUrl().endsWith("/") ? fal.queueUrl() : fal.queueUrl() + "/";
        return falMedia || url.startsWith(base);
    }

    private long put(String bucket, String key, String contentType, InputStream body, long length) {
        if (length > config.maxResultBytes()) {
            throw new UpstreamError(0, null, "the generated image is " + length + " bytes, over the limit of "
                    + config.maxResultBytes());
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(length),
                RequestBody.fromInputStream(body, length));
        return length;
    }

    private long putSpooled(String bucket, String key, String contentType, InputStream body) throws IOException {
        Path spool = Files.createTempFile("fal-image", ".bin");
        try {
            long size = Files.copy(new LimitedInputStream(body, config.maxResultBytes()), spool,
                    StandardCopyOption.REPLACE_EXISTING);
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(spool));
            return size;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private Stored copyDataUri(String uri, String bucket, String keyStem) {
        int comma = uri.indexOf(',');
        String header = comma < 0 ? "" : uri.substring(5, comma);
        if (!header.endsWith(";base64")) {
            throw new UpstreamError(0, null, "fal returned a data URI that is not base64");
        }
        String contentType = header.substring(0, header.length() - 7);
        byte[] bytes = Base64.getDecoder().decode(uri.substring(comma + 1));
        String key = keyStem + "." + extension(contentType, "");
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        return new Stored(key, null, contentType, bytes.length);
    }

    static String extension(String contentType, String url) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/png")) {
            return "png";
        }
        if (type.startsWith("image/jpeg")) {
            return "jpg";
        }
        if (type.startsWith("image/webp")) {
            return "webp";
        }
        String path = URI.create(url).getPath() == null ? "" : URI.create(url).getPath();
        int dot = path.lastIndexOf('.');
        return dot >= 0 && path.length() - dot <= 5 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "bin";
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
