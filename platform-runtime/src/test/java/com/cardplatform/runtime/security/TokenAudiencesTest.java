package com.cardplatform.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which scopes a token may act with, on tokens verified by smallrye-jwt's real parser as every service does. */
class TokenAudiencesTest {

    private static final String ISSUER = "https://auth.card-platform.test";
    private static KeyPair key;
    private static DefaultJWTParser parser;

    @BeforeAll
    static void verifier() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        key = rsa.generateKeyPair();
        JWTAuthContextInfo context = new JWTAuthContextInfo(key.getPublic(), ISSUER);
        // the services' configuration: both audiences verify, the scope claim holds the groups
        context.setExpectedAudience(Set.of(TokenAudiences.PARTNER, TokenAudiences.INTERNAL));
        context.setGroupsPath("scope");
        parser = new DefaultJWTParser(context);
    }

    private static JsonWebToken token(List<String> audience, String issuerId, String scope) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(audience);
        claims.setSubject("client-a");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(15);
        claims.setStringClaim("scope", scope);
        if (issuerId != null) {
            claims.setStringClaim(Caller.ISSUER_CLAIM, issuerId);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return parser.parse(jws.getCompactSerialization());
    }

    @Test
    void internalScopesNameTheInternalAudienceAndAMixNamesNone() {
        assertEquals(TokenAudiences.PARTNER, TokenAudiences.audienceFor(List.of("cards:status", "webhooks:manage")));
        assertEquals(TokenAudiences.INTERNAL, TokenAudiences.audienceFor(List.of("cards:internal", "events:publish")));
        assertNull(TokenAudiences.audienceFor(List.of("cards:status", "cards:internal")));
    }

    @Test
    void aPartnerTokenActsWithItsPartnerScopesOnly() throws Exception {
        JsonWebToken partner = token(List.of(TokenAudiences.PARTNER), "ISSUER0001",
                "cards:status cards:internal events:publish");
        assertEquals(Set.of("cards:status"), TokenAudiences.effectiveScopes(partner));
        assertEquals(Set.of("cards:status"), Caller.of(partner).scopes());
    }

    @Test
    void anInternalTokenActsWithItsInternalScopesOnly() throws Exception {
        JsonWebToken internal = token(List.of(TokenAudiences.INTERNAL), null, "cards:internal cards:status");
        assertEquals(Set.of("cards:internal"), TokenAudiences.effectiveScopes(internal));
    }

    @Test
    void anInternalTokenBoundToAnIssuerActsWithNothing() throws Exception {
        JsonWebToken bound = token(List.of(TokenAudiences.INTERNAL), "ISSUER0001", "cards:internal");
        assertEquals(Set.of(), TokenAudiences.effectiveScopes(bound));
    }

    @Test
    void aTokenNamingBothAudiencesActsWithNothing() throws Exception {
        JsonWebToken both = token(List.of(TokenAudiences.PARTNER, TokenAudiences.INTERNAL), null,
                "cards:internal cards:status");
        assertEquals(Set.of(), TokenAudiences.effectiveScopes(both));
    }
}
