package dev.characterremix.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.arc.Arc;

/**
 * The HTTP methods each route answers, read from the JAX-RS resources' own annotations ({@code @Path} on the class
 * and method, and the {@code @GET}/{@code @POST}/… designators), so a 405's {@code Allow} header (RFC 9110 requires
 * it) follows the resources rather than a hand-kept table.
 */
@Singleton
public class ResourceRoutes {

    /** The order methods are listed in. */
    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private volatile Map<Pattern, Set<String>> routes;

    /** The methods {@code path} answers, comma-separated; empty when no resource has the path. */
    public String allowed(String path) {
        Set<String> methods = new TreeSet<>((a, b) -> Integer.compare(rank(a), rank(b)));
        routes().forEach((pattern, declared) -> {
            if (pattern.matcher(path).matches()) {
                methods.addAll(declared);
            }
        });
        return String.join(", ", methods);
    }

    private Map<Pattern, Set<String>> routes() {
        Map<Pattern, Set<String>> known = routes;
        if (known == null) {
            known = scan();
            routes = known;
        }
        return known;
    }

    /** Every resource bean's routes: the class's {@code @Path} joined with each method's, by method designator. */
    private static Map<Pattern, Set<String>> scan() {
        Map<String, Set<String>> byTemplate = new TreeMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String designator = designator(method);
                if (designator != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String template = join(root.value(), sub == null ? "" : sub.value());
                    byTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(designator);
                }
            }
        }
        Map<Pattern, Set<String>> routes = new LinkedHashMap<>();
        byTemplate.forEach((template, methods) -> routes.put(pattern(template), methods));
        return routes;
    }

    private static String designator(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A path template as a pattern: each {@code {param}} (or {@code {param: regex}}) matches one segment. */
    private static Pattern pattern(String template) {
        List<String> parts = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            parts.add(segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(String.join("/", parts) + "/?");
    }

    private static int rank(String method) {
        int rank = ORDER.indexOf(method);
        return rank < 0 ? ORDER.size() : rank;
    }
}
