package dev.characterremix.fal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The one scrubber of fal's text: the key in every encoding it might come back in, and nothing else. */
class FalScrubberTest {

    static final String KEY = "9b1c2d3e-aaaa-bbbb-cccc-0123456789ab:f0e1d2c3b4a5968778695a4b3c2d1e0f";
    static final String ID = KEY.substring(0, KEY.indexOf(':'));
    static final String SECRET = KEY.substring(KEY.indexOf(':') + 1);
    final FalScrubber scrubber = new FalScrubber(() -> KEY);

    @Test
    void removesTheKeyAndEachHalfRawAndUrlEncodedInEitherCase() {
        String encoded = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        String text = "key " + KEY + " id " + ID + " secret " + SECRET + " upper " + encoded + " lower "
                + encoded.toLowerCase();

        String scrubbed = scrubber.body(text);

        assertThat(scrubbed).isEqualTo("key *** id *** secret *** upper *** lower ***");
    }

    @Test
    void removesTheKeyBase64EncodedAtAnyAlignmentInsideALongerText() {
        for (String prefix : new String[] { "", "a", "ab", "Basic " }) {
            for (Base64.Encoder encoder : new Base64.Encoder[] { Base64.getEncoder(), Base64.getUrlEncoder() }) {
                for (String secret : new String[] { KEY, SECRET, ID }) {
                    String encoded = encoder.encodeToString((prefix + secret + "!").getBytes(StandardCharsets.UTF_8));
                    String scrubbed = scrubber.body("Authorization: " + encoded);
                    assertThat(scrubbed).as("%s at offset %d", secret, prefix.length()).contains("***");
                    // What is left around the mask cannot be decoded back into the secret.
                    assertThat(scrubbed.length()).isLessThan(("Authorization: " + encoded).length());
                    assertThat(leftover(scrubbed)).doesNotContain(secret.substring(2, secret.length() - 2));
                }
            }
        }
    }

    @Test
    void leavesOrdinaryTextAloneAndCutsWhatGoesIntoAMessage() {
        assertThat(scrubber.body("Request timed out (request_timeout)"))
                .isEqualTo("Request timed out (request_timeout)");
        // The key is removed before the text is cut, so no part of it survives at the cut.
        assertThat(scrubber.text("x".repeat(298) + KEY)).isEqualTo("x".repeat(298) + "**…(301 chars)");
        assertThat(scrubber.text("line\nforged")).isEqualTo("line\\nforged");
    }

    @Test
    void removesThePresignedUrlsSecretParts() {
        assertThat(scrubber.body("https://b.s3.amazonaws.com/x?X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F1"))
                .isEqualTo("https://b.s3.amazonaws.com/x?X-Amz-Signature=***&X-Amz-Credential=***");
    }

    /** The text with its masks removed, decoded as base64 where it can be, to look for what is left of a secret. */
    private static String leftover(String scrubbed) {
        StringBuilder out = new StringBuilder(scrubbed);
        for (String part : scrubbed.split("\\*\\*\\*|\\s")) {
            try {
                out.append(' ').append(new String(Base64.getMimeDecoder().decode(part), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                // not base64
            }
        }
        return out.toString();
    }
}
