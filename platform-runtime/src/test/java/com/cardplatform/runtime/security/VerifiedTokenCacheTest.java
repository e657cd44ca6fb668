package com.cardplatform.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
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

    /** The platform's defaults: 930 s at most, trusted 15 minutes, 10,000 tokens, 50 per client. */
    private static final VerifiedTokenCache.Limits DEFAULTS = new VerifiedTokenCache.Limits(930, 900, 10_000, 50);

    private static VerifiedTokenCache cache(JWTParser verifier, AtomicLong now, VerifiedTokenCache.Limits limits) {
        return new VerifiedTokenCache(verifier, now::get, () -> TimeUnit.SECONDS.toNanos(now.get()), limits);
    }

    private static AtomicLong clock() {
        return new AtomicLong(System.currentTimeMillis() / 1000);
    }

    private static String token(KeyPair key, long expiresInSeconds, String subject) throws Exception {
        return token(key, expiresInSeconds, subject, "key-1");
    }

    private static String token(KeyPair key, long expiresInSeconds, String subject, String keyId) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return token(key, now, now + expiresInSeconds, subject, keyId);
    }

    private static String token(KeyPair key, long issuedAt, long expiresAt, String subject, String keyId)
            throws Exception {
        return token(key, issuedAt, expiresAt, subject, keyId, null);
    }

    private static String token(KeyPair key, long issuedAt, long expiresAt, String subject, String keyId,
            String issuerId) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("card-platform");
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        claims.setGeneratedJwtId();
        claims.setStringClaim("scope", "cards.read");
        if (issuerId != null) {
            claims.setStringClaim(Caller.ISSUER_CLAIM, issuerId);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void aTokenVerifiedOnceIsNotVerifiedAgainBeforeItExpires() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = cache(verifier, clock(), DEFAULTS);
        String token = token(signingKey, 900, "client-a");

        JsonWebToken first = cache.parse(token);
        JsonWebToken second = cache.parse(token);

        assertEquals("client-a", first.getSubject());
        assertSame(first, second);
        assertEquals(1, verifier.calls.get());
    }

    @Test
    void theCallerOfARememberedTokenIsMadeOnceFromThatToken() throws Exception {
        VerifiedTokenCache cache = cache(new CountingVerifier(), clock(), DEFAULTS);
        long now = System.currentTimeMillis() / 1000;
        String raw = token(signingKey, now, now + 900, "client-a", "key-1", "ISSUER0001");

        JsonWebToken token = cache.parse(raw);
        Caller first = cache.callerOf(token);
        Caller again = cache.callerOf(cache.parse(raw));

        assertSame(first, again);
        assertEquals(Caller.of(token), first);
        assertEquals("client-a", first.clientId());
        assertEquals("ISSUER0001", first.issuerId());
        assertSame(first.scopes(), cache.effectiveScopesOf(token));
        // the same access token verified elsewhere (another instance): read from that token, not from the memory
        JsonWebToken elsewhere = realVerifier.parse(raw);
        Caller ofElsewhere = cache.callerOf(elsewhere);
        assertNotSame(first, ofElsewhere);
        assertEquals(first, ofElsewhere);
        assertEquals(TokenAudiences.effectiveScopes(elsewhere), cache.effectiveScopesOf(elsewhere));
        // a token of another client is never answered with this one's caller
        assertEquals("client-b", cache.callerOf(cache.parse(token(signingKey, 900, "client-b"))).clientId());
        // no token: the 401 of Caller.of
        assertThrows(ApiError.class, () -> cache.callerOf(null));
    }

    @Test
    void fromItsExpiryOnATokenGoesBackToTheVerifier() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
        VerifiedTokenCache cache = cache(verifier, now, DEFAULTS);
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
        VerifiedTokenCache cache = cache(verifier, clock(), DEFAULTS);
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
    void aCorrectlySignedTokenThatLivesLongerThanThePlatformAllowsIsRefusedAndNeverRemembered() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = cache(verifier, clock(), DEFAULTS);
        long now = System.currentTimeMillis() / 1000;
        long year2100 = 4_102_444_800L;
        String longLived = token(signingKey, now, year2100, "client-a", "key-1");

        ParseException refused = assertThrows(ParseException.class, () -> cache.parse(longLived));
        assertTrue(refused.getMessage().contains("930"), refused.getMessage());
        assertThrows(ParseException.class, () -> cache.parse(longLived));
        assertNull(cache.remembered(longLived));
        assertEquals(2, verifier.calls.get(), "verified (and refused) each time");
        assertEquals(0, cache.size());

        String justWithin = token(signingKey, now, now + 930, "client-a", "key-1");
        assertEquals("client-a", cache.parse(justWithin).getSubject());
    }

    @Test
    void aRememberedTokenIsTrustedAtMostForTheConfiguredTimeAfterItsVerification() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        AtomicLong now = clock();
        VerifiedTokenCache cache = cache(verifier, now, new VerifiedTokenCache.Limits(930, 300, 10_000, 50));
        String token = token(signingKey, 900, "client-a");
        long verifiedAt = now.get();
        cache.parse(token);

        now.set(verifiedAt + 299);
        assertNotNull(cache.remembered(token));
        now.set(verifiedAt + 300);
        assertNull(cache.remembered(token), "five minutes after its verification, although exp is 15 minutes away");
        now.set(verifiedAt); // the real verifier reads the real clock: the token is still valid
        cache.parse(token);
        assertEquals(2, verifier.calls.get());
    }

    @Test
    void aClientMintingTokensInALoopPushesOutOnlyItsOwnTokens() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = cache(verifier, clock(), new VerifiedTokenCache.Limits(930, 900, 100, 10));
        String quiet = token(signingKey, 900, "quiet-client");
        cache.parse(quiet);

        // 150 real tokens of one client: more than the whole memory holds
        for (int i = 0; i < 150; i++) {
            cache.parse(token(signingKey, 900, "noisy-client"));
        }
        int before = verifier.calls.get();
        assertSame(cache.remembered(quiet), cache.parse(quiet));
        assertEquals(before, verifier.calls.get(), "the quiet client's token is still remembered");
        assertEquals(10, cache.sizeOf("noisy-client"), "the noisy client keeps its own share only");
        assertEquals(11, cache.size());

        String newest = token(signingKey, 900, "noisy-client");
        cache.parse(newest);
        cache.parse(newest);
        assertEquals(before + 1, verifier.calls.get(), "the noisy client's newest token is remembered");
    }

    @Test
    void theMemoryIsBoundedAcrossClients() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        JWTParser stub = new DefaultJWTParser() {
            @Override
            public JsonWebToken parse(String token) {
                return new StubToken(token, now.get(), now.get() + 900);
            }
        };
        VerifiedTokenCache cache = cache(stub, now, new VerifiedTokenCache.Limits(930, 900, 1_000, 50));
        for (int i = 0; i < 5_000; i++) {
            cache.parse("client-" + i);
        }
        assertTrue(cache.size() <= 1_000, "never above the bound: " + cache.size());

        now.addAndGet(900); // every token has expired: the memory empties itself
        assertEquals(0, cache.size());
    }

    @Test
    void theTokensOfAKeyThatLeftTheJwksAreForgotten() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = cache(verifier, clock(), DEFAULTS);
        String oldKeyToken = token(signingKey, 900, "client-a", "key-2026-10");
        String newKeyToken = token(signingKey, 900, "client-b", "key-2026-11");
        cache.parse(oldKeyToken);
        cache.parse(newKeyToken);

        cache.keysPublished(Set.of("key-2026-10", "key-2026-11"));
        assertNotNull(cache.remembered(oldKeyToken));
        cache.keysPublished(Set.of("key-2026-11"));
        assertNull(cache.remembered(oldKeyToken), "its key was withdrawn");
        assertNotNull(cache.remembered(newKeyToken));
        assertEquals(0, cache.sizeOf("client-a"));
    }

    @Test
    void readsTheKeyIdFromTheHeader() throws Exception {
        assertEquals("key-7", VerifiedTokenCache.keyId(token(signingKey, 900, "client-a", "key-7")));
        assertNull(VerifiedTokenCache.keyId("not-a-jwt"));
        assertNull(VerifiedTokenCache.keyId("!!!.e30.x"));
    }

    private record StubToken(String name, long iat, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("sub", "iat", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return switch (claimName) {
                case "sub" -> (T) name;
                case "iat" -> (T) Long.valueOf(iat);
                case "exp" -> (T) Long.valueOf(exp);
                default -> null;
            };
        }
    }
}
