package com.cardplatform.runtime.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The request's {@link Caller}, made once per request and injected wherever a resource needs it.
 *
 * <p>{@code @RequestScoped}, so that resources (singletons) get a client proxy: the producer runs at the first
 * method call on it within a request, not at injection. A request without a valid token gets the 401 of
 * {@link Caller#of(SecurityIdentity)} there and then; the failed production is not kept, and an endpoint that never
 * uses its caller never runs it. The identity is read through the injected {@link SecurityIdentity}, the same one
 * smallrye-jwt's {@code JsonWebToken} bean reads: authentication is not proactive, and the endpoints' security
 * checks ({@code @RolesAllowed}) have resolved it by the time the resource runs. The caller of a token the
 * {@link VerifiedTokenCache} remembers is the one made when the token was verified.
 */
@ApplicationScoped
public class CallerProducer {

    @Produces
    @RequestScoped
    Caller caller(SecurityIdentity identity, VerifiedTokenCache tokens) {
        return tokens.callerOf(Caller.tokenOf(identity));
    }
}
