package dev.characterremix.fal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.characterremix.error.Printable;

/**
 * What a caller of fal's proxy protocol ({@code @fal-ai/client} with {@code proxyUrl}) asks for, checked against the
 * one model this function serves: the route (submit, status, status stream, result, cancel), the request handle in
 * its path, a query rebuilt from allowed pairs only, and the {@code x-fal-*} headers of a documented allow-list with
 * checked values. Anything else is a {@link FalProxyRefusal}, before anything is sent.
 *
 * @param route what the call is
 * @param handle the request id segment as the caller sent it (for all but submit): a handle, not fal's id
 * @param query the query to send on, rebuilt ({@code logs}, and {@code fal_webhook} where allowed), or empty
 * @param headers the allowed {@code x-fal-*} headers, lower-case, with their checked values
 */
public record FalProxyTarget(Route route, String handle, String query, Map<String, String> headers) {

    /** fal's queue routes of this model. */
    public enum Route {
        SUBMIT("POST"), STATUS("GET"), STATUS_STREAM("GET"), RESULT("GET"), CANCEL("PUT");

        final String method;

        Route(String method) {
            this.method = method;
        }

        /** The HTTP method fal expects for this route. */
        public String method() {
            return method;
        }
    }

    /** The header {@code @fal-ai/client} names the fal URL in. */
    public static final String TARGET_HEADER = "x-fal-target-url";
    static final String SUBMIT_PATH = "/fal-ai/ideogram/character/remix";
    private static final Pattern REQUEST = Pattern.compile(
            "/fal-ai/ideogram/requests/([A-Za-z0-9_-][A-Za-z0-9_.-]{0,199})(/status|/status/stream|/cancel)?");
    /**
     * The {@code x-fal-*} request headers fal documents for queue calls (fal-protocol.md §2) and this proxy passes
     * on; any other is refused rather than silently dropped, so a client learns what is not supported.
     */
    public static final Set<String> FORWARDED_HEADERS = Set.of("x-fal-request-timeout", "x-fal-queue-priority",
            "x-fal-runner-hint", "x-fal-object-lifecycle-preference", "x-fal-store-io", "x-fal-no-retry",
            "x-fal-disable-fallbacks");
    /** Headers of the proxy protocol itself or of fal's client, read here or harmless, and never forwarded. */
    private static final Set<String> IGNORED_HEADERS = Set.of(TARGET_HEADER, "x-fal-client-proxy");
    private static final int MAX_HEADER_CHARS = 256;
    private static final Pattern LOGS = Pattern.compile("0|1|true|false");
    private static final String REFUSED = "This proxy forwards only fal-ai/ideogram/character/remix: POST "
            + "https://queue.fal.run" + SUBMIT_PATH + ", and GET (status, status/stream, result) or PUT (cancel) "
            + "https://queue.fal.run/fal-ai/ideogram/requests/{request_id}";

    /**
     * Reads a proxied call: {@code target} is the caller's {@code x-fal-target-url}, {@code headers} its request
     * headers (any case); {@code queueUrl} the configured fal base URL, also accepted as a target's origin.
     */
    public static FalProxyTarget of(String method, String target, Map<String, List<String>> headers, String queueUrl,
            boolean webhooksAllowed) {
        if (target == null || target.isBlank()) {
            throw new FalProxyRefusal(400, "Missing the " + TARGET_HEADER + " header: this route speaks fal's proxy "
                    + "protocol");
        }
        URI uri;
        try {
            uri = URI.create(target.strip());
        } catch (IllegalArgumentException e) {
            throw new FalProxyRefusal(400, "The " + TARGET_HEADER + " header is not a URL");
        }
        URI base = URI.create(queueUrl);
        boolean falQueue = "https".equals(uri.getScheme()) && "queue.fal.run".equals(uri.getHost())
                && uri.getPort() == -1 && uri.getRawUserInfo() == null;
        boolean configured = base.getScheme().equals(uri.getScheme()) && base.getHost().equals(uri.getHost())
                && base.getPort() == uri.getPort() && uri.getRawUserInfo() == null;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Route route = null;
        String handle = null;
        Matcher request = REQUEST.matcher(path);
        if (path.equals(SUBMIT_PATH)) {
            route = Route.SUBMIT;
        } else if (request.matches()) {
            handle = request.group(1);
            route = request.group(2) == null ? Route.RESULT : switch (request.group(2)) {
                case "/status" -> Route.STATUS;
                case "/status/stream" -> Route.STATUS_STREAM;
                default -> Route.CANCEL;
            };
        }
        if (!(falQueue || configured) || route == null || !route.method.equals(method)
                || uri.getRawFragment() != null) {
            throw new FalProxyRefusal(403, REFUSED);
        }
        String query = query(uri.getRawQuery(), route, webhooksAllowed);
        return new FalProxyTarget(route, handle, query, headers(headers));
    }

    /** The fal path for this route, with fal's request id in place of the caller's handle. */
    public String falPath(Optional<String> falRequestId) {
        if (route == Route.SUBMIT) {
            return SUBMIT_PATH;
        }
        String id = falRequestId.orElseThrow();
        return "/fal-ai/ideogram/requests/" + id + switch (route) {
            case STATUS -> "/status";
            case STATUS_STREAM -> "/status/stream";
            case CANCEL -> "/cancel";
            default -> "";
        };
    }

    /**
     * The query rebuilt from its allowed pairs: {@code logs} (0/1/true/false) on status reads, {@code fal_webhook}
     * (an https URL, re-encoded) on a submit where webhooks are allowed. Pairs split on {@code &} only and any other
     * name or value refused, so nothing rides through behind a separator fal might read differently.
     */
    private static String query(String raw, Route route, boolean webhooksAllowed) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals("fal_webhook") && route == Route.SUBMIT) {
                if (!webhooksAllowed) {
                    throw new FalProxyRefusal(403, "Webhooks (fal_webhook) are not allowed through this proxy "
                            + "(REMIX_HTTP_PROXY_WEBHOOKS)");
                }
                kept.put(name, webhook(value));
            } else if (name.equals("logs") && (route == Route.STATUS || route == Route.STATUS_STREAM)
                    && LOGS.matcher(value).matches()) {
                kept.put(name, value);
            } else if (name.equals("fal_webhook")) {
                throw new FalProxyRefusal(403, "Webhooks (fal_webhook) go only with a submit");
            } else {
                throw new FalProxyRefusal(403, "The query parameter " + Printable.of(name, 40) + "="
                        + Printable.of(value, 40) + " is not forwarded (allowed: logs=0|1 on status reads)");
            }
        }
        List<String> pairs = new ArrayList<>();
        kept.forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static String webhook(String value) {
        try {
            URI hook = URI.create(value);
            if ("https".equals(hook.getScheme()) && hook.getHost() != null && hook.getRawUserInfo() == null
                    && value.length() <= 2048) {
                return hook.toString();
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new FalProxyRefusal(400, "fal_webhook must be an https URL of at most 2048 characters");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FalProxyRefusal(400, "The query is not correctly URL-encoded");
        }
    }

    /** The allowed {@code x-fal-*} headers; a value must be printable ASCII of at most 256 characters. */
    private static Map<String, String> headers(Map<String, List<String>> incoming) {
        Map<String, String> kept = new LinkedHashMap<>();
        incoming.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-fal-") || IGNORED_HEADERS.contains(lower)) {
                return;
            }
            if (!FORWARDED_HEADERS.contains(lower)) {
                throw new FalProxyRefusal(400, "The header " + Printable.of(lower, 60) + " is not forwarded; "
                        + "allowed: " + String.join(", ", FORWARDED_HEADERS.stream().sorted().toList()));
            }
            if (values.size() != 1 || !printableAscii(values.get(0))) {
                throw new FalProxyRefusal(400, "The header " + lower + " must have one value of printable ASCII, "
                        + "at most " + MAX_HEADER_CHARS + " characters");
            }
            kept.put(lower, values.get(0));
        });
        return kept;
    }

    private static boolean printableAscii(String value) {
        if (value.isEmpty() || value.length() > MAX_HEADER_CHARS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
