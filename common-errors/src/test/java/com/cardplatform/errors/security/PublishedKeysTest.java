package com.cardplatform.errors.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS as a resource service sees it over HTTP: when a key leaves it, the tokens that key verified are
 * forgotten; when it cannot be fetched, nothing is forgotten.
 */
class PublishedKeysTest {

    private static final String ISSUER = "https://auth.card-platform.test";

    private final AtomicReference<String> served = new AtomicReference<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void serveJwks() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void forgetsTheTokensOfAWithdrawnKeyAndKeepsThemWhenTheJwksIsUnreachable() throws Exception {
        KeyPair previous = rsa();
        KeyPair current = rsa();
        served.set(jwks(jwk(previous, "previous"), jwk(current, "current")));
        JWTAuthContextInfo context = new JWTAuthContextInfo(url, ISSUER);
        context.setExpectedAudience(Set.of("card-platform"));
        AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
        VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(context), now::get,
                () -> TimeUnit.SECONDS.toNanos(now.get()), new VerifiedTokenCache.Limits(930, 900, 10_000, 50));
        PublishedKeys keys = new PublishedKeys(cache, Optional.of(url), 5);
        String oldToken = token(previous, "previous");
        String newToken = token(current, "current");
        cache.parse(oldToken);
        cache.parse(newToken);

        assertTrue(keys.refresh());
        assertNotNull(cache.remembered(oldToken), "both keys are published");

        served.set(jwks(jwk(current, "current")));
        assertTrue(keys.refresh());
        assertNull(cache.remembered(oldToken), "the previous key was withdrawn");
        assertNotNull(cache.remembered(newToken));

        server.stop(0);
        assertFalse(keys.refresh());
        assertNotNull(cache.remembered(newToken), "an unreachable JWKS forgets nothing");
    }

    @Test
    void aKeyFileIsNotFetched() {
        VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(), () -> 0, () -> 0,
                new VerifiedTokenCache.Limits(930, 900, 10, 5));
        assertFalse(new PublishedKeys(cache, Optional.of("file:///tmp/key.pem"), 5).refresh());
    }

    private static String token(KeyPair key, String keyId) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("card-platform");
        claims.setSubject("client-" + keyId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(15);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static JsonWebKey jwk(KeyPair key, String keyId) {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key.getPublic());
        jwk.setKeyId(keyId);
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jwk;
    }

    private static String jwks(JsonWebKey... keys) {
        return new JsonWebKeySet(List.of(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return rsa.generateKeyPair();
    }
}
