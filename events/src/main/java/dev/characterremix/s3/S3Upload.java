package dev.characterremix.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.characterremix.error.Printable;

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

    /** S3's limit on a key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;
    /** The longest revision a claim key names: a version id (32) or a multipart ETag (32 hex, "-", parts). */
    static final int MAX_REVISION_CHARS = 48;
    /** The longest file name in a result folder: {@code result.json}. */
    static final int MAX_RESULT_FILE_CHARS = ResultWriter.RESULT.length();

    /**
     * A job file is a {@code .json} under the job prefix, an image anything else under the input prefix (a non-image
     * there gets its error.json); a folder marker ({@code jobs/}, {@code inputs/team/}) or any other file under the
     * job prefix is not an upload to remix.
     */
    public Kind kind(S3Config config) {
        if (key.endsWith("/")) {
            return Kind.OTHER;
        }
        if (key.startsWith(config.jobPrefix()) && extension().equals("json")) {
            return Kind.JOB_FILE;
        }
        if (key.startsWith(config.inputPrefix())) {
            return Kind.IMAGE;
        }
        return Kind.OTHER;
    }

    /**
     * Whether the upload's claim and results fit S3's key limit. Past it, the upload cannot be claimed or given its
     * own folder, and only its error.json is written, to {@link #resultFolder}'s fallback.
     */
    public boolean keyFits(S3Config config) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        return bytes + config.claimPrefix().length() + 1 + MAX_REVISION_CHARS + ".json".length() <= MAX_KEY_BYTES
                && bytes + config.resultPrefix().length() + 1 + MAX_RESULT_FILE_CHARS <= MAX_KEY_BYTES;
    }

    /** Whether the key is under one of the trigger prefixes at all. */
    public boolean underTriggerPrefix(S3Config config) {
        return key.startsWith(config.jobPrefix()) || key.startsWith(config.inputPrefix());
    }

    public String extension() {
        int dot = key.lastIndexOf('.');
        return dot < 0 || dot < key.lastIndexOf('/') ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** What makes this upload one delivery unit: the version id, else the ETag. */
    public String revision() {
        return versionId != null ? versionId : eTag != null ? eTag : "unversioned";
    }

    /**
     * Where results of this upload go, ending with {@code /}: the result prefix followed by the uploaded key itself
     * ({@code inputs/team/ski.png} → {@code results/inputs/team/ski.png/}), so no two keys ever share a folder
     * (ski.png and ski.webp, or jobs/ski.json and inputs/ski.json, each get their own). A key too long for that gets
     * {@code results/too-long-keys/<sha-256 of the key>/}, where its error.json names it.
     */
    public String resultFolder(S3Config config) {
        if (!keyFits(config)) {
            return config.resultPrefix() + "too-long-keys/" + sha256(key) + "/";
        }
        return config.resultPrefix() + key + "/";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code s3://bucket/key}, escaped and cut for a log line or a message. */
    public String printable() {
        return Printable.of("s3://" + bucket + "/" + key, 300);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
