package com.cardplatform.auth;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * auth-service under test: a real PostgreSQL, a configured signing key (and a previous public key, as during a
 * rotation) and bootstrap clients, some with assertion keys whose private halves only the tests hold.
 */
public class AuthTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://auth.card-platform.test";
    public static final String TOKEN_ENDPOINT = "https://auth.card-platform.test/oauth2/token";
    public static final String SIGNING_KID = "signing-2026-11";
    public static final String PREVIOUS_KID = "signing-2026-10";

    public static final String PARTNER = "citi-partner";
    public static final String PARTNER_SECRET = "citi-partner-secret-0123456789abcdef0123456789";
    public static final String DISABLED = "disabled-client";
    public static final String DISABLED_SECRET = "disabled-secret-0123456789abcdef0123456789abc";
    public static final String D1_CLIENT = "d1-issuer-client";
    public static final String EC_KID = "d1-es256";
    public static final String RSA_KID = "d1-rs256";
    public static final String DISABLED_D1 = "d1-disabled";
    /** Has a secret and a key, allowed client_credentials only. */
    public static final String SECRET_ONLY = "secret-grant-only";
    public static final String SECRET_ONLY_SECRET = "secret-grant-only-secret-0123456789abcdef0123";
    /** Has a secret and a key, allowed the JWT bearer grant only. */
    public static final String BEARER_ONLY = "bearer-grant-only";
    public static final String BEARER_ONLY_SECRET = "bearer-grant-only-secret-0123456789abcdef0123";

    /** The client-secret pepper: the packaged application runs in prod, where it has no default. */
    public static final String INTERNAL = "platform-internal";
    public static final String INTERNAL_SECRET = "platform-internal-secret-0123456789abcdef0123";

    public static final String PEPPER = "auth-test-client-secret-pepper-0123456789abcdef";

    public static final KeyPair SIGNING = rsa();
    public static final KeyPair PREVIOUS = rsa();
    public static final KeyPair D1_EC = ec();
    public static final KeyPair D1_RSA = rsa();
    public static final KeyPair UNREGISTERED_EC = ec();

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(TestDatabase.quarkusProperties());
        try {
            Path dir = Files.createTempDirectory("auth-test");
            Path signing = dir.resolve("signing.pem");
            Files.writeString(signing, pem("PRIVATE KEY", SIGNING.getPrivate().getEncoded()));
            Path previous = dir.resolve("previous.pub.pem");
            Files.writeString(previous, pem("PUBLIC KEY", PREVIOUS.getPublic().getEncoded()));
            Path clients = dir.resolve("clients.json");
            Files.writeString(clients, clientsJson(), StandardCharsets.UTF_8);
            props.put("platform.auth.signing-key-location", signing.toString());
            props.put("platform.auth.secret-pepper", PEPPER);
            props.put("platform.auth.signing-key-id", SIGNING_KID);
            props.put("platform.auth.previous-public-keys", PREVIOUS_KID + "=" + previous);
            props.put("platform.auth.bootstrap-clients", clients.toString());
            props.put("platform.auth.issuer", ISSUER);
            props.put("platform.auth.token-endpoint", TOKEN_ENDPOINT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    @Override
    public void stop() {
    }

    private static String clientsJson() {
        EllipticCurveJsonWebKey ec = new EllipticCurveJsonWebKey((ECPublicKey) D1_EC.getPublic());
        ec.setKeyId(EC_KID);
        RsaJsonWebKey rsa = new RsaJsonWebKey((RSAPublicKey) D1_RSA.getPublic());
        rsa.setKeyId(RSA_KID);
        String keys = "[" + ec.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + ","
                + rsa.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]";
        return "["
                + "{\"clientId\":\"" + PARTNER + "\",\"clientSecret\":\"" + PARTNER_SECRET
                + "\",\"scopes\":[\"cards:status\",\"cards:tracking\"],\"issuerId\":\"ISSUER0001\"},"
                + "{\"clientId\":\"" + DISABLED + "\",\"clientSecret\":\"" + DISABLED_SECRET
                + "\",\"scopes\":[\"cards:status\"],\"enabled\":false},"
                + "{\"clientId\":\"" + D1_CLIENT + "\",\"scopes\":[\"consumers:operations\",\"cards:tracking\"],"
                + "\"issuerId\":\"ISSUER0002\",\"keys\":" + keys + "},"
                + "{\"clientId\":\"" + DISABLED_D1 + "\",\"scopes\":[\"consumers:operations\"],\"enabled\":false,"
                + "\"keys\":" + keys.replace(EC_KID, "x-" + EC_KID).replace(RSA_KID, "x-" + RSA_KID) + "},"
                + "{\"clientId\":\"" + SECRET_ONLY + "\",\"clientSecret\":\"" + SECRET_ONLY_SECRET
                + "\",\"scopes\":[\"cards:status\"],\"grantTypes\":[\"client_credentials\"],"
                + "\"keys\":" + keys.replace(EC_KID, "s-" + EC_KID).replace(RSA_KID, "s-" + RSA_KID) + "},"
                + "{\"clientId\":\"" + BEARER_ONLY + "\",\"clientSecret\":\"" + BEARER_ONLY_SECRET
                + "\",\"scopes\":[\"cards:status\"],\"grantTypes\":[\"urn:ietf:params:oauth:grant-type:jwt-bearer\"],"
                + "\"keys\":" + keys.replace(EC_KID, "b-" + EC_KID).replace(RSA_KID, "b-" + RSA_KID) + "},"
                + "{\"clientId\":\"" + INTERNAL + "\",\"clientSecret\":\"" + INTERNAL_SECRET
                + "\",\"scopes\":[\"cards:internal\",\"events:publish\"]}"
                + "]";
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
