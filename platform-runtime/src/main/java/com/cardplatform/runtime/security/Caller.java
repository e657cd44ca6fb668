package com.cardplatform.runtime.security;

import com.cardplatform.errors.ApiError;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token: the client ({@code sub}), the card issuer it is bound
 * to ({@code issuer_id}, absent for partners such as Triple) and the scopes it may act with (those of its
 * audience: {@link TokenAudiences}). Tenancy rules live here so that every service applies them the same way.
 *
 * <p>Resources inject it: {@link CallerProducer} makes one per request, read from the request's
 * {@link SecurityIdentity} the first time the request uses it. A request without a valid token gets the 401 of
 * {@link #of(JsonWebToken)} at that first use, so endpoints that never look at their caller (public ones) are
 * unaffected.
 *
 * <p>Not a record, and not final: a {@code @RequestScoped} bean is injected as a client proxy, a subclass that
 * ArC generates, which needs a non-final class with a no-argument constructor. The proxy's own state is never read:
 * each method call goes to the request's instance.
 */
public class Caller {

    public static final String ISSUER_CLAIM = "issuer_id";

    private final String clientId;
    private final String issuerId;
    private final Set<String> scopes;

    /** For the client proxy only. */
    protected Caller() {
        this(null, null, Set.of());
    }

    public Caller(String clientId, String issuerId, Set<String> scopes) {
        this.clientId = clientId;
        this.issuerId = issuerId;
        // shared by the requests of one token (VerifiedTokenCache#callerOf): never changed after this
        this.scopes = Collections.unmodifiableSet(scopes);
    }

    /** The caller of a verified token; 401 (in the endpoint's dialect) without one. */
    public static Caller of(JsonWebToken token) {
        if (token == null || token.getSubject() == null) {
            throw ApiError.unauthorized("The access token is missing, invalid or expired");
        }
        Object issuer = token.getClaim(ISSUER_CLAIM);
        return new Caller(token.getSubject(), issuer == null ? null : issuer.toString(),
                TokenAudiences.effectiveScopes(token));
    }

    /** The caller of an authenticated identity; 401 for an anonymous one or one not authenticated by a token. */
    public static Caller of(SecurityIdentity identity) {
        return of(tokenOf(identity));
    }

    /**
     * The client ({@code sub}) of an identity authenticated by a token, {@code null} for any other (anonymous)
     * identity: for code that must let anonymous requests through rather than refuse them.
     */
    public static String clientIdOf(SecurityIdentity identity) {
        JsonWebToken token = tokenOf(identity);
        return token == null ? null : token.getSubject();
    }

    static JsonWebToken tokenOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        return token;
    }

    public String clientId() {
        return clientId;
    }

    public String issuerId() {
        return issuerId;
    }

    public Set<String> scopes() {
        return scopes;
    }

    /** D1 paths carry {@code {issuerId}}: it must be the token's issuer, else 403 (AUTHORIZER_FORBIDDEN). */
    public Caller requireIssuer(String pathIssuerId) {
        if (issuerId() == null || !issuerId().equals(pathIssuerId)) {
            throw ApiError.forbidden("The access token is not bound to this issuer");
        }
        return this;
    }

    /** Citi and Blackhawk calls act on the token's issuer; a token bound to none cannot use them. */
    public String requireBoundIssuer() {
        String issuer = issuerId();
        if (issuer == null || issuer.isBlank()) {
            throw ApiError.forbidden("The access token is not bound to a card issuer");
        }
        return issuer;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Caller that && Objects.equals(clientId(), that.clientId())
                && Objects.equals(issuerId(), that.issuerId()) && Objects.equals(scopes(), that.scopes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId(), issuerId(), scopes());
    }

    @Override
    public String toString() {
        return "Caller[clientId=" + clientId() + ", issuerId=" + issuerId() + ", scopes=" + scopes() + "]";
    }
}
