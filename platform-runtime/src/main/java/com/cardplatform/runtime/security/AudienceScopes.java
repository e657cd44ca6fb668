package com.cardplatform.runtime.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Narrows the roles of every token-authenticated identity to the scopes of the token's audience
 * ({@link TokenAudiences#effectiveScopes}), whichever provider authenticated it (smallrye-jwt, or
 * {@link RememberedTokenIdentityProvider} for a token verified before). {@code @RolesAllowed} then refuses an
 * internal token at a partner endpoint, a partner token at an internal one, and an issuer-bound token at an
 * internal one, with the ordinary 403 of the endpoint's dialect. The scopes of a token {@link VerifiedTokenCache}
 * remembers were worked out once, when it was verified.
 */
@ApplicationScoped
public class AudienceScopes implements SecurityIdentityAugmentor {

    private final VerifiedTokenCache tokens;

    public AudienceScopes(VerifiedTokenCache tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> effective = tokens.effectiveScopesOf(token);
        if (effective.equals(identity.getRoles())) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder narrowed = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(effective);
        return Uni.createFrom().item(narrowed.build());
    }
}
