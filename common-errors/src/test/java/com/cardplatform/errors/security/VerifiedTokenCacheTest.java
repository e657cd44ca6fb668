package com.cardplatform.errors.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The memory of verified tokens, against smallrye-jwt's real verifier and real RS256 signatures. */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "https://auth.card-platform.test";
    private static KeyPair signingKey;
    private static KeyPair otherKey;
    private static DefaultJWTParser realVerifier;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        signingKey = rsa.generateKeyPair();
        otherKey = rsa.generateKeyPair();
        JWTAuthContextInfo context = new JWTAuthContextInfo(signingKey.getPublic(), ISSUER);
        context.setExpectedAudience(Set.of("card-platform"));
        realVerifier = new DefaultJWTParser(context);
    }

    /** Counts the calls that reach the real verifier. */
    private static final class CountingVerifier extends DefaultJWTParser {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.incrementAndGet();
            return realVerifier.parse(token);
        }
    }

    private static String token(KeyPair key, long expiresInSeconds, String subject) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("card-platform");
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(expiresInSeconds / 60f);
        claims.setStringClaim("scope", "cards.read");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void aTokenVerifiedOnceIsNotVerifiedAgainBeforeItExpires() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, () -> System.currentTimeMillis() / 1000);
        String token = token(signingKey, 900, "client-a");

        JsonWebToken first = cache.parse(token);
        JsonWebToken second = cache.parse(token);

        assertEquals("client-a", first.getSubject());
        assertSame(first, second);
        assertEquals(1, verifier.calls.get());
    }

    @Test
    void fromItsExpiryOnATokenGoesBackToTheVerifier() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, now::get);
        String token = token(signingKey, 900, "client-a");
        long expiry = cache.parse(token).getExpirationTime();

        now.set(expiry - 1);
        cache.parse(token);
        assertEquals(1, verifier.calls.get(), "one second before exp the remembered verification holds");

        now.set(expiry);
        cache.parse(token);
        assertEquals(2, verifier.calls.get(), "at exp the token is verified again");
    }

    @Test
    void aTamperedOrForeignTokenIsVerifiedAndRefusedEvenAfterTheGenuineOneWasRemembered() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, () -> System.currentTimeMillis() / 1000);
        String genuine = token(signingKey, 900, "client-a");
        cache.parse(genuine);

        String[] parts = genuine.split("\\.");
        String otherClaims = token(signingKey, 900, "client-b").split("\\.")[1];
        String spliced = parts[0] + "." + otherClaims + "." + parts[2];
        String foreign = token(otherKey, 900, "client-a");

        assertThrows(ParseException.class, () -> cache.parse(spliced));
        assertThrows(ParseException.class, () -> cache.parse(foreign));
        assertThrows(ParseException.class, () -> cache.parse(spliced), "a refused token is not remembered");
        assertEquals(4, verifier.calls.get());
        assertEquals(1, cache.size());
    }

    @Test
    void theMemoryIsBounded() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        JWTParser stub = new DefaultJWTParser() {
            @Override
            public JsonWebToken parse(String token) {
                long exp = token.startsWith("short") ? now.get() + 10 : now.get() + 900;
                return new StubToken(token, exp);
            }
        };
        VerifiedTokenCache cache = new VerifiedTokenCache(stub, now::get);
        for (int i = 0; i < VerifiedTokenCache.MAX_TOKENS; i++) {
            cache.parse((i % 2 == 0 ? "short-" : "long-") + i);
        }
        assertEquals(VerifiedTokenCache.MAX_TOKENS, cache.size());

        now.addAndGet(60); // the short-lived half has expired
        cache.parse("one-more");
        assertEquals(VerifiedTokenCache.MAX_TOKENS / 2 + 1, cache.size(), "expired tokens are dropped first");

        for (int i = 0; i < VerifiedTokenCache.MAX_TOKENS; i++) {
            cache.parse("later-" + i);
        }
        assertTrue(cache.size() <= VerifiedTokenCache.MAX_TOKENS, "never above the bound: " + cache.size());
    }

    private record StubToken(String name, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }
}
