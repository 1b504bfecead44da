package dev.characterremix.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One uploaded object as an S3 notification names it. The key arrives URL-encoded ({@code +} for spaces); the
 * version id (versioned buckets) or else the ETag tells one upload of a key from the next.
 */
public record S3Upload(String bucket, String key, String versionId, String eTag, long size) {

    /** What an upload is, by its prefix and type. */
    public enum Kind {
        JOB_FILE, IMAGE, OTHER
    }

    static final Set<String> IMAGE_TYPES = Set.of("png", "jpg", "jpeg", "webp");

    /** The upload an S3 notification record names; empty when the record names no object. */
    public static Optional<S3Upload> of(UploadEvent.EventRecord record) {
        UploadEvent.S3Entity s3 = record.s3();
        if (s3 == null || s3.bucket() == null || s3.bucket().name() == null || s3.object() == null
                || s3.object().key() == null) {
            return Optional.empty();
        }
        UploadEvent.S3Object object = s3.object();
        return Optional.of(new S3Upload(s3.bucket().name(),
                URLDecoder.decode(object.key(), StandardCharsets.UTF_8), blankToNull(object.versionId()),
                blankToNull(object.eTag()), object.size() == null ? -1 : object.size()));
    }

    public Kind kind(S3Config config) {
        if (key.startsWith(config.jobPrefix()) && extension().equals("json")) {
            return Kind.JOB_FILE;
        }
        if (key.startsWith(config.inputPrefix())) {
            return Kind.IMAGE;
        }
        return Kind.OTHER;
    }

    /** Whether the key is under one of the trigger prefixes at all. */
    public boolean underTriggerPrefix(S3Config config) {
        return key.startsWith(config.jobPrefix()) || key.startsWith(config.inputPrefix());
    }

    /** The key below its prefix, without extension: {@code inputs/team/hero.png} → {@code team/hero}. */
    public String name(S3Config config) {
        String prefix = key.startsWith(config.jobPrefix()) ? config.jobPrefix()
                : key.startsWith(config.inputPrefix()) ? config.inputPrefix() : "";
        String rest = key.substring(prefix.length());
        int dot = rest.lastIndexOf('.');
        return dot > rest.lastIndexOf('/') + 1 ? rest.substring(0, dot) : rest;
    }

    public String extension() {
        int dot = key.lastIndexOf('.');
        return dot < 0 || dot < key.lastIndexOf('/') ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** What makes this upload one delivery unit: the version id, else the ETag. */
    public String revision() {
        return versionId != null ? versionId : eTag != null ? eTag : "unversioned";
    }

    /** Where results of this upload go, ending with {@code /}. */
    public String resultFolder(S3Config config) {
        return config.resultPrefix() + name(config) + "/";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
