package dev.characterremix.caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Who started a job: what its handles are bound to and what its per-caller quota counts. An HTTP caller is the JWT's
 * issuer and subject or the IAM principal as API Gateway verified them, or the one shared anonymous caller of a public
 * API; direct invocations and S3 uploads are callers of their own (whoever may invoke the function or write to the
 * bucket is trusted by AWS IAM already).
 *
 * @param kind how the caller was identified
 * @param name the identity within its kind: {@code issuer|subject} for JWT, the IAM user ARN, or a fixed name
 */
public record Caller(Kind kind, String name) {

    /** How a caller was identified. */
    public enum Kind {
        JWT, IAM, ANONYMOUS, DIRECT, S3
    }

    /** Everyone calling a public HTTP API (authorization NONE): one caller, sharing one quota. */
    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "anonymous");
    /** Direct invocations of the function (IAM decides who may invoke it). */
    public static final Caller DIRECT = new Caller(Kind.DIRECT, "direct");
    /** Uploads to the bucket (IAM decides who may write there). */
    public static final Caller S3 = new Caller(Kind.S3, "s3");

    public Caller {
        if (kind == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a caller needs a kind and a name");
        }
    }

    /** A JWT caller: issuer and subject together, since two issuers may hand out the same subject. */
    public static Caller jwt(String issuer, String subject) {
        return new Caller(Kind.JWT, (issuer == null ? "" : issuer) + "|" + subject);
    }

    /** An IAM caller, by the principal's ARN (or user id when API Gateway gave no ARN). */
    public static Caller iam(String principal) {
        return new Caller(Kind.IAM, principal);
    }

    /** The identity as bytes that handles are bound to: kind and name, unambiguous. */
    public byte[] binding() {
        return (kind.name() + "\n" + name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A short id for this caller: for JWT and IAM callers the kind and base64url of the first 12 bytes of SHA-256 over
     * {@link #binding()}, so a token's subject is never stored or logged whole; the fixed callers by name. What a
     * quota item is keyed by and what logs show.
     */
    public String id() {
        if (kind != Kind.JWT && kind != Kind.IAM) {
            // The fixed callers have nothing to hide.
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(binding());
            return kind.name().toLowerCase(Locale.ROOT) + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
