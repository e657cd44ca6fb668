package com.cardplatform.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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

    /**
     * The prod overlay serves the JWKS over https with a certificate of the platform's internal CA, which no JVM
     * trusts by itself: both fetches (smallrye-jwt's own, and this class's) trust exactly the certificate file of
     * {@code smallrye.jwt.client.tls.certificate.path}, and refuse the server without it.
     */
    @Test
    void overHttpsBothFetchesTrustTheConfiguredCertificateAndNothingElse(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path certificate = selfSignedFor127001(dir);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        KeyPair key = rsa();
        String jwks = jwks(jwk(key, "tls-key"));
        https.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            String httpsUrl = "https://127.0.0.1:" + https.getAddress().getPort() + "/.well-known/jwks.json";
            // smallrye-jwt's fetch: the setting's certificate, as JWTAuthContextInfoProvider passes it
            JWTAuthContextInfo trusting = new JWTAuthContextInfo(httpsUrl, ISSUER);
            trusting.setExpectedAudience(Set.of("card-platform"));
            trusting.setTlsCertificatePath(certificate.toString());
            String token = token(key, "tls-key");
            assertEquals("client-tls-key", new DefaultJWTParser(trusting).parse(token).getSubject());
            JWTAuthContextInfo notTrusting = new JWTAuthContextInfo(httpsUrl, ISSUER);
            notTrusting.setExpectedAudience(Set.of("card-platform"));
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> new DefaultJWTParser(notTrusting).parse(token), "the JVM does not trust the internal CA");

            VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(trusting), () -> 0, () -> 0,
                    new VerifiedTokenCache.Limits(930, 900, 10, 5));
            assertTrue(new PublishedKeys(cache, Optional.of(httpsUrl), 5, Optional.of(certificate.toString())).refresh());
            assertTrue(new PublishedKeys(cache, Optional.of(httpsUrl), 5, Optional.of("file:" + certificate)).refresh());
            assertFalse(new PublishedKeys(cache, Optional.of(httpsUrl), 5, Optional.empty()).refresh(),
                    "without the setting the JVM's trust store applies, which refuses the internal CA");
        } finally {
            https.stop(0);
        }
    }

    /** A self-signed certificate for 127.0.0.1 (keytool: the JDK has no public API that issues one). */
    private static Path selfSignedFor127001(Path dir) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "jwks", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=auth-service", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", dir.resolve("server.p12").toString(), "-storepass", "changeit");
        Path pem = dir.resolve("ca.crt");
        run(keytool, "-exportcert", "-rfc", "-alias", "jwks", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", "changeit", "-file", pem.toString());
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
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
