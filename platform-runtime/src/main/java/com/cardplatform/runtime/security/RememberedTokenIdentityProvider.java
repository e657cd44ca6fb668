package com.cardplatform.runtime.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates a request whose bearer token was verified before, on the request's own event loop thread.
 *
 * <p>smallrye-jwt verifies every token on a worker thread, because the first verification may have to fetch the
 * JWKS from auth-service (a blocking call), and the request then hops back to its event loop: two thread
 * switches per request, the largest cost of a cheap read (consumer-service's operation list went from ~0.48 to
 * ~0.16 ms of CPU per request without them, bench/results/consumer.md). This provider is asked first: a token
 * that {@link VerifiedTokenCache} remembers (same bytes, not expired) gets the identity smallrye-jwt would have
 * built; any other token gets no answer here, and smallrye-jwt's own provider verifies it as before on a worker
 * thread, where a JWKS fetch cannot stall the event loop.
 */
@ApplicationScoped
public class RememberedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokenCache tokens;

    public RememberedTokenIdentityProvider(VerifiedTokenCache tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before smallrye-jwt's provider (priority 0). */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        JsonWebToken token = tokens.remembered(request.getToken().getToken());
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        // the identity smallrye-jwt's MpJwtValidator builds for the same token
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute("quarkus.user", token);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            identity.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return Uni.createFrom().item(identity.build());
    }
}
