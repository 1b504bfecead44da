package dev.characterremix.fal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.characterremix.error.Printable;
import dev.characterremix.error.RemixError;

/**
 * The one scrubber for text that came from fal: every fal answer handed on (the proxy's), every fal text stored or
 * logged ({@code detail}, {@code error_type}, messages). It removes the key in every encoding fal or a middlebox might
 * echo: raw, URL-encoded in either case, base64 and base64url (at any alignment inside a longer encoded text, so a
 * {@code Basic} credential is caught too) of the whole key, of {@code id:secret} and of each half; and the signature
 * and credentials of a presigned S3 URL. Each form is replaced by {@code ***}.
 */
@Singleton
public class FalScrubber {

    /** How much of a fal text goes into a message, a log line or a stored error. */
    public static final int MAX_TEXT_CHARS = 300;
    /** A fragment this short would blank ordinary words; the key's parts are long random strings. */
    private static final int MIN_FORM_CHARS = 8;
    private static final Pattern PRESIGNED = Pattern.compile(
            "((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\\s\"'<>]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("%[0-9A-F]{2}");

    private final FalKeyProvider keys;
    private volatile Forms forms = new Forms("", List.of());

    @Inject
    public FalScrubber(FalKeyProvider keys) {
        this.keys = keys;
    }

    /** A fal text made fit for a message, a log line or a stored error: scrubbed, escaped, cut at 300 characters. */
    public String text(String text) {
        return text == null ? "" : Printable.of(body(text), MAX_TEXT_CHARS);
    }

    /** A fal answer handed on whole (the proxy's): every form of the key removed, nothing else changed. */
    public String body(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = PRESIGNED.matcher(text).replaceAll("$1***");
        for (String secret : secrets()) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    /** True when {@code text} holds a form of the key (what {@link #body} would remove). */
    public boolean leaks(String text) {
        return text != null && secrets().stream().anyMatch(text::contains);
    }

    /** The forms of the current key, longest first so a part never unmasks the whole; cached per key. */
    private List<String> secrets() {
        String key;
        try {
            key = keys.key();
        } catch (RemixError e) {
            return List.of();
        }
        Forms cached = forms;
        if (!cached.key().equals(key)) {
            cached = new Forms(key, forms(key));
            forms = cached;
        }
        return cached.secrets();
    }

    static List<String> forms(String key) {
        if (key == null || key.isEmpty()) {
            return List.of();
        }
        Set<String> parts = new LinkedHashSet<>();
        parts.add(key);
        int colon = key.indexOf(':');
        if (colon > 0) {
            parts.add(key.substring(0, colon));
            parts.add(key.substring(colon + 1));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : parts) {
            out.add(part);
            String encoded = URLEncoder.encode(part, StandardCharsets.UTF_8);
            out.add(encoded);
            out.add(lowerPercent(encoded));
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Inside a longer base64 text the part starts at any of three byte alignments; the characters that
            // depend only on the part's own bytes are those of its whole 3-byte groups from each alignment.
            for (int skip = 0; skip < 3 && skip < bytes.length; skip++) {
                int whole = (bytes.length - skip) / 3 * 3;
                byte[] aligned = Arrays.copyOfRange(bytes, skip, skip + whole);
                String standard = Base64.getEncoder().withoutPadding().encodeToString(aligned);
                out.add(standard);
                out.add(standard.replace('+', '-').replace('/', '_'));
            }
        }
        return out.stream().filter(form -> form.length() >= MIN_FORM_CHARS)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    private static String lowerPercent(String encoded) {
        Matcher m = PERCENT.matcher(encoded);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().toLowerCase(Locale.ROOT));
        }
        return m.appendTail(out).toString();
    }

    private record Forms(String key, List<String> secrets) {
    }
}
