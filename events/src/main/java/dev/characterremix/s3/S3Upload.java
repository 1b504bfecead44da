package dev.characterremix.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;

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

    public static S3Upload of(S3EventNotificationRecord record) {
        var object = record.getS3().getObject();
        Long size = object.getSizeAsLong();
        return new S3Upload(record.getS3().getBucket().getName(),
                URLDecoder.decode(object.getKey(), StandardCharsets.UTF_8), blankToNull(object.getVersionId()),
                blankToNull(object.geteTag()), size == null ? -1 : size);
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
