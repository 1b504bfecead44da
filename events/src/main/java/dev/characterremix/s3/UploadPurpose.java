package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a webhook token names for an S3 upload's job: the upload by bucket, key, version and ETag (its claim's name), as
 * JSON, so a key of any characters comes back as it went.
 */
public final class UploadPurpose {

    private static final String KIND = "s3";

    private UploadPurpose() {
    }

    public static String of(S3Upload upload, ObjectMapper mapper) {
        ObjectNode purpose = mapper.createObjectNode().put("kind", KIND).put("bucket", upload.bucket())
                .put("key", upload.key());
        if (upload.versionId() != null) {
            purpose.put("version_id", upload.versionId());
        }
        if (upload.eTag() != null) {
            purpose.put("etag", upload.eTag());
        }
        try {
            return mapper.writeValueAsString(purpose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upload a purpose names; empty when it names something else. */
    public static Optional<S3Upload> upload(String purpose, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(purpose);
            if (!KIND.equals(node.path("kind").asText()) || !node.path("bucket").isTextual()
                    || !node.path("key").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new S3Upload(node.path("bucket").asText(), node.path("key").asText(),
                    node.path("version_id").isTextual() ? node.path("version_id").asText() : null,
                    node.path("etag").isTextual() ? node.path("etag").asText() : null, 0));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
