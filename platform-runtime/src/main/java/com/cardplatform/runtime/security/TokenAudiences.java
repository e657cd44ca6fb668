package com.cardplatform.runtime.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The two audiences of the platform's access tokens, and which scopes each may carry.
 *
 * <p>Partners' tokens name {@value #PARTNER}; the tokens the services use between themselves (consumer-service's
 * cascade into card-service, the events relays, the operators' notification settings, a carrier's tracking feed)
 * name {@value #INTERNAL}. auth-service never puts both kinds of scope in one token, and every service lets a
 * token act only through the scopes of its own audience ({@link #effectiveScopes}): a token minted for an internal
 * call is refused by every partner endpoint, a partner's token by every internal one, whatever scopes either
 * carries. Internal tokens are never bound to a card issuer: one that is gets no scope at all.
 */
public final class TokenAudiences {

    /** The audience of partners' tokens. */
    public static final String PARTNER = "card-platform";
    /** The audience of the services' own tokens, for internal endpoints only. */
    public static final String INTERNAL = "card-platform-internal";

    /** Scopes that only internal endpoints accept. Every other scope is a partner scope. */
    public static final Set<String> INTERNAL_SCOPES = Set.of(
            "cards:internal", "cards:carrier-events", "events:publish", "notifications:internal");

    private TokenAudiences() {
    }

    public static boolean isInternal(String scope) {
        return INTERNAL_SCOPES.contains(scope);
    }

    /**
     * The audience of a token that carries these scopes: {@value #INTERNAL} when all of them are internal,
     * {@value #PARTNER} when none is, {@code null} when they are mixed (such a token is never issued).
     */
    public static String audienceFor(Collection<String> scopes) {
        long internal = scopes.stream().filter(TokenAudiences::isInternal).count();
        if (internal == 0) {
            return PARTNER;
        }
        return internal == scopes.size() ? INTERNAL : null;
    }

    /**
     * The scopes a verified token may act with: those of the audience it names. A token that names both audiences
     * (never issued) acts with none; an internal token bound to a card issuer acts with none.
     */
    public static Set<String> effectiveScopes(JsonWebToken token) {
        Set<String> audience = token.getAudience();
        if (audience == null) {
            return Set.of();
        }
        boolean partner = audience.contains(PARTNER);
        boolean internal = audience.contains(INTERNAL);
        if (partner == internal) {
            return Set.of();
        }
        if (internal && token.getClaim(Caller.ISSUER_CLAIM) != null) {
            return Set.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : token.getGroups()) {
            if (isInternal(scope) == internal) {
                scopes.add(scope);
            }
        }
        return scopes;
    }
}
