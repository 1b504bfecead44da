package dev.characterremix.http.caller;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.characterremix.caller.Caller;
import dev.characterremix.fal.FalKeyProvider;
import dev.characterremix.http.HttpConfig;

/**
 * The handles callers follow their jobs by (HTTP job ids, and the {@code request_id} the fal proxy hands
 * {@code @fal-ai/client}): fal's request id sealed with AES-256-GCM under a key of this deployment, with the caller
 * as associated data. A handle is opaque (fal's id cannot be read from it), cannot be forged or edited, and opens only
 * for the caller it was issued to: for anyone else it is as unknown as a made-up one. Raw fal request ids are never
 * accepted from callers.
 *
 * <p>A handle is deterministic: its nonce is derived from the caller and the request id (HMAC-SHA256 under a key of
 * its own, as in SIV constructions), so the same caller always gets the same handle for the same job, and a nonce
 * repeats only with the same message. Format: {@code base64url(version(1) nonce(12)) "." base64url(ciphertext tag(16))};
 * a UUID request id is sealed as its 16 bytes, so a handle is 62 characters.
 */
@Singleton
public class JobHandles {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte VERSION = 1;
    private static final byte UUID_ID = 1;
    private static final byte TEXT_ID = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_HANDLE_CHARS = 256;

    private final HttpConfig config;
    private final FalKeyProvider keys;

    @Inject
    public JobHandles(HttpConfig config, FalKeyProvider keys) {
        this.config = config;
        this.keys = keys;
    }

    /** The handle {@code caller} gets for fal's request id. */
    public String issue(String falRequestId, Caller caller) {
        byte[] plain = pack(falRequestId);
        try {
            byte[] nonce = nonce(plain, caller);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, caller);
            byte[] sealed = cipher.doFinal(plain);
            return ENCODER.encodeToString(ByteBuffer.allocate(1 + NONCE_BYTES).put(VERSION).put(nonce).array()) + "."
                    + ENCODER.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** fal's request id behind {@code handle}, when it was issued to {@code caller}; empty for anything else. */
    public Optional<String> open(String handle, Caller caller) {
        if (handle == null || handle.isEmpty() || handle.length() > MAX_HANDLE_CHARS) {
            return Optional.empty();
        }
        int dot = handle.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] head = DECODER.decode(handle.substring(0, dot));
            byte[] sealed = DECODER.decode(handle.substring(dot + 1));
            if (head.length != 1 + NONCE_BYTES || head[0] != VERSION || sealed.length < TAG_BITS / 8 + 1) {
                return Optional.empty();
            }
            byte[] nonce = Arrays.copyOfRange(head, 1, head.length);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, caller);
            Optional<String> id = unpack(cipher.doFinal(sealed));
            // One spelling per job: base64 has padding bits a decoder ignores, so only the handle we issue is ours.
            return id.filter(opened -> handle.equals(issue(opened, caller)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Not base64url, edited, or sealed for another caller: all the same to the caller.
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, Caller caller) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(caller.binding());
        return cipher;
    }

    /** The nonce for a message: the first 12 bytes of HMAC-SHA256(caller, id) under the nonce key. */
    private byte[] nonce(byte[] plain, Caller caller) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key("nonce"), "HmacSHA256"));
        mac.update(caller.binding());
        mac.update((byte) 0);
        return Arrays.copyOf(mac.doFinal(plain), NONCE_BYTES);
    }

    private byte[] key() {
        return key("seal");
    }

    /** A 256-bit key for one use, from the configured secret (the fal key when none is set). */
    private byte[] key(String use) {
        return keys.derive(use, config.jobIdSecret(), "character-remix job handles");
    }

    private static byte[] pack(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return ByteBuffer.allocate(17).put(UUID_ID).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits()).array();
            }
        } catch (IllegalArgumentException e) {
            // Not a UUID: sealed as text.
        }
        byte[] text = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put(TEXT_ID).put(text).array();
    }

    private static Optional<String> unpack(byte[] plain) {
        if (plain.length == 17 && plain[0] == UUID_ID) {
            ByteBuffer buffer = ByteBuffer.wrap(plain, 1, 16);
            return Optional.of(new UUID(buffer.getLong(), buffer.getLong()).toString());
        }
        if (plain.length > 1 && plain[0] == TEXT_ID) {
            return Optional.of(new String(plain, 1, plain.length - 1, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
