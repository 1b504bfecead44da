package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.fal.FalImage;
import dev.characterremix.job.RemixResult;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes what became of an upload beside the other results: the images and {@code result.json}, or
 * {@code error.json}. Both record the source object and the request as uploaded (never a presigned URL or a key).
 */
@ApplicationScoped
public class ResultWriter {

    static final String RESULT = "result.json";
    static final String ERROR = "error.json";

    private final S3Client s3;
    private final S3Config config;
    private final FalImageCopier copier;
    private final ObjectMapper mapper;

    /** The folder, inside an upload's result folder, of paid jobs no delivery claims any more. */
    static final String UNCLAIMED = "unclaimed/";

    @Inject
    public ResultWriter(S3Client s3, S3Config config, FalImageCopier copier, ObjectMapper mapper) {
        this.s3 = s3;
        this.config = config;
        this.copier = copier;
        this.mapper = mapper;
    }

    /**
     * Copies every image into {@code results/<name>/<n>.<ext>} and writes {@code result.json}, removing any
     * {@code error.json} an earlier attempt left (an upload has one outcome); returns the result's key.
     */
    public String writeResult(S3Upload upload, JsonNode request, RemixResult result) {
        String folder = upload.resultFolder(config);
        ObjectNode document = copied(upload, request, result, folder);
        s3.deleteObject(b -> b.bucket(upload.bucket()).key(folder + ERROR));
        return put(upload.bucket(), folder + RESULT, document);
    }

    /**
     * Keeps the images of a paid fal job of this upload that no delivery claims any more (its submit's answer was
     * lost, and a later delivery submitted again): {@code results/<name>/unclaimed/<fal request id>/<n>.<ext>} and a
     * {@code result.json} there ({@code "unclaimed": true}), beside the upload's own result. {@code result.json} is
     * written once: a replayed delivery copies the same images to the same keys and leaves it as it is.
     * Returns the key of that {@code result.json}.
     */
    public String writeUnclaimed(S3Upload upload, RemixResult result) {
        String folder = upload.resultFolder(config) + UNCLAIMED + result.requestId() + "/";
        ObjectNode document = copied(upload, null, result, folder);
        document.put("unclaimed", true);
        try {
            // Written once (the role writes results and never reads them): a replay's copy finds it there.
            write(upload.bucket(), folder + RESULT, document, true);
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
        }
        return folder + RESULT;
    }

    /** Copies a job's images into {@code folder} ({@code <n>.<ext>}) and returns the result document naming them. */
    private ObjectNode copied(S3Upload upload, JsonNode request, RemixResult result, String folder) {
        List<FalImageCopier.Stored> stored = new ArrayList<>();
        int n = 1;
        for (FalImage image : result.images()) {
            stored.add(copier.copy(image.url(), upload.bucket(), folder + n++));
        }
        ObjectNode document = header(upload, request, result.requestId());
        document.put("seed", result.seed());
        ArrayNode images = document.putArray("images");
        for (FalImageCopier.Stored image : stored) {
            ObjectNode entry = images.addObject().put("key", image.key()).put("content_type", image.contentType())
                    .put("size", image.size());
            if (image.falUrl() != null) {
                entry.put("fal_url", image.falUrl());
            }
        }
        document.put("completed_at", Instant.now().toString());
        return document;
    }

    /**
     * Writes {@code error.json} naming the error type, its message and, for validation, every violation. With
     * {@code retrying} the failure is not final: the upload will be tried again, and a success removes this file.
     */
    public String writeError(S3Upload upload, JsonNode request, String falRequestId, RuntimeException failure,
            boolean retrying) {
        ObjectNode document = header(upload, request, falRequestId);
        document.put("retrying", retrying);
        ObjectNode error = document.putObject("error");
        error.put("type", failure instanceof RemixError remix ? remix.type() : failure.getClass().getSimpleName());
        error.put("message", failure.getMessage());
        if (failure instanceof ValidationError validation) {
            ArrayNode violations = error.putArray("violations");
            validation.violations().forEach(v -> violations.addObject().put("field", v.field())
                    .put("message", v.describe()));
        }
        document.put("failed_at", Instant.now().toString());
        return put(upload.bucket(), upload.resultFolder(config) + ERROR, document);
    }

    private ObjectNode header(S3Upload upload, JsonNode request, String falRequestId) {
        ObjectNode document = mapper.createObjectNode();
        ObjectNode source = document.putObject("source").put("bucket", upload.bucket()).put("key", upload.key());
        if (upload.versionId() != null) {
            source.put("version_id", upload.versionId());
        }
        if (upload.eTag() != null) {
            source.put("etag", upload.eTag());
        }
        if (falRequestId != null) {
            document.put("fal_request_id", falRequestId);
        }
        if (request != null) {
            document.set("request", request);
        }
        return document;
    }

    private String put(String bucket, String key, JsonNode document) {
        write(bucket, key, document, false);
        return key;
    }

    /** Writes {@code document} as pretty JSON; {@code onlyIfAbsent}: with {@code If-None-Match: *}. */
    private void write(String bucket, String key, JsonNode document, boolean onlyIfAbsent) {
        try {
            byte[] body = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
            s3.putObject(b -> {
                b.bucket(bucket).key(key).contentType("application/json");
                if (onlyIfAbsent) {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
