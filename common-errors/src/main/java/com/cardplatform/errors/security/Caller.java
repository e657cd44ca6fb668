package com.cardplatform.errors.security;

import com.cardplatform.errors.ApiError;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token: the client ({@code sub}), the card issuer it is bound
 * to ({@code issuer_id}, absent for partners such as Triple) and the scopes it may act with (those of its
 * audience: {@link TokenAudiences}). Tenancy rules live here so that every service applies them the same way.
 */
public record Caller(String clientId, String issuerId, Set<String> scopes) {

    public static final String ISSUER_CLAIM = "issuer_id";

    public static Caller of(JsonWebToken token) {
        if (token == null || token.getSubject() == null) {
            throw ApiError.unauthorized("The access token is missing, invalid or expired");
        }
        Object issuer = token.getClaim(ISSUER_CLAIM);
        return new Caller(token.getSubject(), issuer == null ? null : issuer.toString(),
                TokenAudiences.effectiveScopes(token));
    }

    /** D1 paths carry {@code {issuerId}}: it must be the token's issuer, else 403 (AUTHORIZER_FORBIDDEN). */
    public Caller requireIssuer(String pathIssuerId) {
        if (issuerId == null || !issuerId.equals(pathIssuerId)) {
            throw ApiError.forbidden("The access token is not bound to this issuer");
        }
        return this;
    }

    /** Citi and Blackhawk calls act on the token's issuer; a token bound to none cannot use them. */
    public String requireBoundIssuer() {
        if (issuerId == null || issuerId.isBlank()) {
            throw ApiError.forbidden("The access token is not bound to a card issuer");
        }
        return issuerId;
    }
}
