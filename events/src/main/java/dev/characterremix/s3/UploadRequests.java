package dev.characterremix.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.Printable;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.request.RemixRequestParser;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Turns an upload into a remix request: a job file is read as the request (its image fields may name
 * {@code s3://bucket/key} objects), a plain image is remixed with the configured prompt and character, overridable by
 * the object's user metadata. S3 objects reach fal as short-lived presigned GET URLs; nothing is made public.
 */
@ApplicationScoped
public class UploadRequests {

    static final List<String> IMAGE_FIELDS = List.of("image_url", "reference_image_urls", "reference_mask_urls",
            "image_urls");
    /** User metadata ({@code x-amz-meta-<name>}) a plain image may carry, by fal field. */
    static final Set<String> METADATA_FIELDS = Set.of("prompt", "negative_prompt", "style", "rendering_speed",
            "num_images", "seed", "strength", "image_size", "expand_prompt");
    private static final String S3_SCHEME = "s3://";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Config config;
    private final ObjectMapper mapper;
    private final RemixRequestParser parser;

    @Inject
    public UploadRequests(S3Client s3, S3Presigner presigner, S3Config config, ObjectMapper mapper,
            RemixRequestParser parser) {
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
        this.mapper = mapper;
        this.parser = parser;
    }

    /**
     * A request ready to send (S3 references presigned) and the same request as it is recorded in result.json (with
     * the {@code s3://} references, since a presigned URL is a credential).
     */
    public record Prepared(ObjectNode toSend, ObjectNode toRecord) {
    }

    public Prepared forJobFile(S3Upload upload) {
        checkSize(upload, config.maxJobFileBytes(), "job file");
        byte[] bytes = readNotified(upload, config.maxJobFileBytes());
        // Read by the request parser's rules (duplicate keys, depth), as an HTTP body is.
        JsonNode json = parser.readTree(bytes);
        if (!json.isObject()) {
            throw invalid("", "the job file must be a JSON object");
        }
        ObjectNode recorded = (ObjectNode) json;
        return new Prepared(presignReferences(upload, recorded.deepCopy()), recorded);
    }

    public Prepared forImage(S3Upload upload) {
        if (!S3Upload.IMAGE_TYPES.contains(upload.extension())) {
            throw invalid("image_url", "an upload under " + config.inputPrefix()
                    + " must be a .png, .jpg, .jpeg or .webp image (got " + Printable.of(upload.key(), 200) + ")");
        }
        checkSize(upload, config.maxInputBytes(), "image");
        HeadObjectResponse head = pinned(upload, () -> s3.headObject(b -> b.bucket(upload.bucket())
                .key(upload.key()).versionId(upload.versionId()).ifMatch(quoted(upload.eTag()))));
        if (head.contentLength() != null && head.contentLength() > config.maxInputBytes()) {
            throw invalid("image_url", "the image must be at most " + config.maxInputBytes() + " bytes (got "
                    + head.contentLength() + ")");
        }
        Map<String, String> metadata = head.metadata();
        ObjectNode request = mapper.createObjectNode();
        config.prompt().ifPresent(prompt -> request.put("prompt", prompt));
        metadata.forEach((name, value) -> {
            String field = name.toLowerCase(Locale.ROOT).replace('-', '_');
            if (METADATA_FIELDS.contains(field)) {
                request.set(field, typed(field, value));
            }
        });
        request.put("image_url", S3_SCHEME + upload.bucket() + "/" + upload.key());
        String reference = metadata.getOrDefault("reference-image", config.referenceImage().orElse(null));
        if (reference != null) {
            request.putArray("reference_image_urls").add(reference);
        }
        return new Prepared(presignReferences(upload, request.deepCopy()), request);
    }

    /**
     * Metadata is text by nature: a numeric or boolean field's text becomes that JSON type when it reads as one, so
     * the strict parser takes it; text that does not is left as it is, and the parser names the field.
     */
    private JsonNode typed(String field, String value) {
        String text = value.strip();
        try {
            switch (field) {
                case "num_images", "seed" -> {
                    return mapper.getNodeFactory().numberNode(new BigInteger(text));
                }
                case "strength" -> {
                    return mapper.getNodeFactory().numberNode(new BigDecimal(text));
                }
                case "expand_prompt" -> {
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
                    }
                    return mapper.getNodeFactory().textNode(value);
                }
                default -> {
                    return mapper.getNodeFactory().textNode(value);
                }
            }
        } catch (NumberFormatException e) {
            return mapper.getNodeFactory().textNode(value);
        }
    }

    private ObjectNode presignReferences(S3Upload upload, ObjectNode request) {
        for (String field : IMAGE_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && value.isTextual()) {
                String own = upload.kind(config) == S3Upload.Kind.IMAGE ? upload.key() : null;
                request.put(field, resolve(upload, field, value.asText(), own));
            } else if (value != null && value.isArray()) {
                ArrayNode items = (ArrayNode) value;
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).isTextual()) {
                        items.set(i,
                                items.textNode(resolve(upload, field + "[" + i + "]", items.get(i).asText(), null)));
                    }
                }
            }
        }
        return request;
    }

    /**
     * An {@code s3://} reference in the upload's bucket, under the reference prefix (or {@code uploadedKey}, an image
     * upload's own object), becomes a presigned GET URL once it is known to exist; anything else is left alone.
     */
    private String resolve(S3Upload upload, String field, String reference, String uploadedKey) {
        if (!reference.startsWith(S3_SCHEME)) {
            return reference;
        }
        String path = reference.substring(S3_SCHEME.length());
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw invalid(field, "must be s3://bucket/key (got \"" + Printable.of(reference, 200) + "\")");
        }
        String bucket = path.substring(0, slash);
        String key = path.substring(slash + 1);
        if (!bucket.equals(upload.bucket())) {
            throw invalid(field, "may only name objects in bucket " + upload.bucket() + " (got \""
                    + Printable.of(reference, 200) + "\")");
        }
        // Only the shared references, and an image upload's own object: never results, claims, or other uploads.
        if (!key.startsWith(config.referencePrefix()) && !key.equals(uploadedKey)) {
            throw invalid(field, "may only name objects under " + config.referencePrefix() + " (got \""
                    + Printable.of(reference, 200) + "\")");
        }
        // The uploaded object itself is presigned at the exact version that was uploaded.
        String version = key.equals(uploadedKey) ? upload.versionId() : null;
        if (!key.equals(uploadedKey)) {
            // The upload's own object was read (its metadata) and its size checked already.
            checkReadable(field, reference, bucket, key, version);
        }
        return presigner.presignGetObject(p -> p.signatureDuration(config.presignTtl())
                .getObjectRequest(g -> g.bucket(bucket).key(key).versionId(version))).url().toString();
    }

    /** A reference fal could not read is refused here, before anything is presigned or submitted. */
    private void checkReadable(String field, String reference, String bucket, String key, String version) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(version));
        } catch (NoSuchKeyException e) {
            throw invalid(field, "names an object that does not exist (got \"" + Printable.of(reference, 200) + "\")");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw invalid(field,
                        "names an object that does not exist (got \"" + Printable.of(reference, 200) + "\")");
            }
            if (e.statusCode() == 403) {
                throw invalid(field,
                        "names an object the function may not read (got \"" + Printable.of(reference, 200) + "\")");
            }
            throw e;
        }
        if (head.contentLength() != null && head.contentLength() > config.maxInputBytes()) {
            throw invalid(field, "names an object of " + head.contentLength() + " bytes, over the limit of "
                    + config.maxInputBytes() + " (got \"" + Printable.of(reference, 200) + "\")");
        }
    }

    /**
     * The uploaded object as it was notified, read whole but never past {@code max}: pinned to the notified version
     * and ETag ({@code If-Match}), so an object replaced after its notification is not read in its place, and read as
     * a range, so a replacement grown past the limit cannot fill the function's memory.
     */
    private byte[] readNotified(S3Upload upload, long max) {
        return pinned(upload, () -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(upload.bucket())
                    .key(upload.key()).versionId(upload.versionId()).ifMatch(quoted(upload.eTag()))
                    .range("bytes=0-" + max))) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (bytes.length > max) {
                    throw invalid("", "the job file must be at most " + max + " bytes");
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A read of the notified object; S3's 412 (it changed since) is the upload's final error. */
    private static <T> T pinned(S3Upload upload, Supplier<T> read) {
        try {
            return read.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw invalid("", "the object changed after its upload was notified (ETag " + Printable.of(
                        String.valueOf(upload.eTag()), 80) + "); its new upload is remixed on its own notification");
            }
            throw e;
        }
    }

    /** An ETag as an {@code If-Match} header carries it; null (not notified) sends none. */
    private static String quoted(String eTag) {
        return eTag == null || eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    }

    private static void checkSize(S3Upload upload, long max, String what) {
        if (upload.size() > max) {
            throw invalid(what.equals("image") ? "image_url" : "", "the " + what + " must be at most " + max
                    + " bytes (got " + upload.size() + ")");
        }
    }

    private static ValidationError invalid(String field, String message) {
        return new ValidationError(ValidationError.Source.REQUEST, List.of(Violation.of(field, message)));
    }
}
