package com.cardplatform.guard;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.Dialect;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.http.ErrorResponses;
import com.cardplatform.runtime.security.Caller;
import com.cardplatform.guard.idempotency.IdempotencyKeys;
import com.cardplatform.guard.ratelimit.ClientRateLimiter;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * The guard of every partner endpoint, after authentication and before the resource: the client's rate limit
 * (429 in the API's dialect, {@code RateLimit-Policy} and {@code RateLimit} on every answer), then its
 * {@code Idempotency-Key} on writes ({@link IdempotencyKeys}). Paths that are not partner APIs
 * ({@code platform.guard.excluded-paths}) and anonymous requests (refused by the resource anyway) pass untouched.
 *
 * <p>The client is read from the request's identity as the resources' {@link Caller} reads it
 * ({@link Caller#clientIdOf}), but not through the request-scoped {@code Caller} bean: authentication is not
 * proactive, so the filter waits for the deferred identity without blocking the event loop, and the identity may be
 * ready on another thread than the request's, where the request context is not active. Reading the {@code sub} of
 * the resolved identity costs nothing more, and lets anonymous requests through instead of refusing them with 401.
 */
public class PartnerGuardFilters {

    static final String DECISION = PartnerGuardFilters.class.getName() + ".rateLimit";

    private final ClientRateLimiter limiter;
    private final IdempotencyKeys keys;
    private final CurrentIdentityAssociation identities;
    private final ErrorResponses responses;
    private final List<String> excluded;

    public PartnerGuardFilters(ClientRateLimiter limiter, IdempotencyKeys keys, CurrentIdentityAssociation identities,
            ErrorResponses responses, GuardConfig config) {
        this.limiter = limiter;
        this.keys = keys;
        this.identities = identities;
        this.responses = responses;
        this.excluded = config.excludedPaths();
    }

    /*
     * readBody: the filter runs once the body is in memory, so that the fingerprint of a write can include it and the
     * resource still reads it (the only way Quarkus REST offers for a JSON body in a request filter).
     */
    @SuppressWarnings("deprecation")
    @ServerRequestFilter(priority = Priorities.USER + 500, readBody = true)
    public Uni<Response> guard(ContainerRequestContext request, ServerRequestContext context) {
        String path = request.getUriInfo().getPath();
        boolean write = IdempotencyKeys.isWrite(request.getMethod());
        boolean limited = limiter.enabled();
        if (!write && !limited || isExcluded(path)) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .flatMap(identity -> {
                    String client = Caller.clientIdOf(identity);
                    if (client == null) {
                        // no valid token: the resource answers 401/403 in its dialect; nothing to count or keep
                        return Uni.createFrom().nullItem();
                    }
                    if (limited) {
                        ClientRateLimiter.Decision decision = limiter.take(client, apiOf(responses.dialectFor(path)));
                        request.setProperty(DECISION, decision);
                        if (!decision.allowed()) {
                            return Uni.createFrom().failure(ApiError.of(ErrorKind.TOO_MANY_REQUESTS, null,
                                    "Too many requests from this client; retry after the time given in Retry-After")
                                    .withRetryAfter(decision.retryAfterSeconds()));
                        }
                    }
                    return write ? keys.before(client, request, context) : Uni.createFrom().nullItem();
                });
    }

    @ServerResponseFilter(priority = Priorities.USER + 500)
    public Uni<Void> after(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof ClientRateLimiter.Decision decision) {
            response.getHeaders().putSingle("RateLimit-Policy", decision.policyHeader());
            response.getHeaders().putSingle("RateLimit", decision.limitHeader());
        }
        return keys.after(request, response);
    }

    /**
     * The API a path belongs to, as the rate limit headers name it: its dialect's name (d1, citi, blackhawk,
     * triple), and "webhooks" for the platform's own API in RFC 9457's dialect (notification-service).
     */
    static String apiOf(Dialect dialect) {
        return dialect == Dialect.PROBLEM ? "webhooks" : dialect.name().toLowerCase();
    }

    private boolean isExcluded(String path) {
        for (String prefix : excluded) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

}
