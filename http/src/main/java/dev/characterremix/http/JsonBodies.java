package dev.characterremix.http;

import java.util.Locale;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body is JSON only when it says so: {@code application/json} or {@code application/*+json}, in UTF-8 (the only
 * charset JSON may travel in, RFC 8259) or with no charset. A missing type, a wildcard or another charset is 415
 * before the body is read: otherwise a browser's cross-origin "simple" POST ({@code text/plain}, no preflight) or a
 * UTF-16 body could pass as a request.
 */
public class JsonBodies {

    @ServerRequestFilter
    void requireJson(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method) || !request.hasEntity()) {
            // No body, nothing to read as JSON (a cancel through the fal proxy, say); an empty remix is a 400 later.
            return;
        }
        MediaType type = request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null ? null : request.getMediaType();
        if (type == null) {
            throw new NotSupportedException(refusal(null));
        }
        boolean json = "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (!json || type.isWildcardSubtype() || (charset != null
                && !"utf-8".equals(charset.toLowerCase(Locale.ROOT).replace("\"", "")))) {
            throw new NotSupportedException(refusal(request.getHeaderString(HttpHeaders.CONTENT_TYPE)));
        }
    }

    /** What a 415 says: the type expected and the {@code Content-Type} header as it arrived (or that none did). */
    static String refusal(String contentType) {
        return "The request body must be application/json in UTF-8 (got "
                + (contentType == null ? "no Content-Type" : contentType) + ")";
    }
}
