package dev.characterremix.http.caller;

import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import dev.characterremix.caller.Caller;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * Who is calling, as API Gateway verified it: the JWT's issuer and subject ({@code requestContext.authorizer.jwt})
 * when the API uses a JWT authorizer, the IAM principal ({@code requestContext.authorizer.iam}) when it uses IAM, and
 * otherwise the one shared anonymous caller of a public API. Only API Gateway writes {@code requestContext}; nothing
 * a caller sends in headers or body can change it. The caller's id (a hash, never the token) is in every log line of
 * the request.
 */
public class HttpCallers {

    static final String PROPERTY = "remix.caller";
    static final String MDC_KEY = "caller";

    @ServerRequestFilter(preMatching = true)
    void identify(ContainerRequestContext request) {
        Caller caller = of(requestContext());
        request.setProperty(PROPERTY, caller);
        MDC.put(MDC_KEY, caller.id());
    }

    @ServerResponseFilter
    void forget(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(MDC_KEY);
    }

    /** The caller of this request (identified before it was matched to a resource). */
    public static Caller of(ContainerRequestContext request) {
        Object caller = request.getProperty(PROPERTY);
        return caller instanceof Caller known ? known : Caller.ANONYMOUS;
    }

    /** The caller API Gateway names in an HTTP API payload 2.0 event's request context. */
    public static Caller of(APIGatewayV2HTTPEvent.RequestContext context) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context == null ? null : context.getAuthorizer();
        if (authorizer == null) {
            return Caller.ANONYMOUS;
        }
        Map<String, String> claims = authorizer.getJwt() == null ? null : authorizer.getJwt().getClaims();
        if (claims != null && claims.get("sub") != null && !claims.get("sub").isBlank()) {
            return Caller.jwt(claims.get("iss"), claims.get("sub"));
        }
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = authorizer.getIam();
        if (iam != null) {
            String principal = iam.getUserArn() != null && !iam.getUserArn().isBlank()
                    ? iam.getUserArn()
                    : iam.getAccountId() + ":" + iam.getUserId();
            return Caller.iam(principal);
        }
        return Caller.ANONYMOUS;
    }

    /** The Lambda event's request context; none outside Lambda's event path. */
    private static APIGatewayV2HTTPEvent.RequestContext requestContext() {
        try (InstanceHandle<APIGatewayV2HTTPEvent.RequestContext> handle = Arc.container()
                .instance(APIGatewayV2HTTPEvent.RequestContext.class)) {
            if (!handle.isAvailable()) {
                return null;
            }
            APIGatewayV2HTTPEvent.RequestContext context = handle.get();
            // A client proxy: reading through it fails when the event holds no request context.
            context.getAuthorizer();
            return context;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
