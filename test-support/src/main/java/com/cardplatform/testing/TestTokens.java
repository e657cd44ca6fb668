package com.cardplatform.testing;

import com.cardplatform.primitives.crypto.HmacSha256;
import com.cardplatform.runtime.security.TokenAudiences;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real signed access tokens for tests, in the platform's format (RS256, {@code kid}, {@code iss}, {@code aud}
 * {@code card-platform}, {@code scope}, {@code issuer_id}). The key pair is made per test JVM; only its public
 * half is written to disk, for the service under test to verify with. Also the hostile variants every
 * protected endpoint must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = "https://auth.card-platform.test";
    public static final String KEY_ID = "test-key-1";

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();
    private static Path publicKeyFile;

    private TestTokens() {
    }

    /** Quarkus properties that make smallrye-jwt trust these tokens. */
    public static synchronized Map<String, String> quarkusProperties() {
        if (publicKeyFile == null) {
            try {
                publicKeyFile = Files.createTempFile("card-platform-test-key", ".pem");
                Files.writeString(publicKeyFile, publicKeyPem(), StandardCharsets.US_ASCII);
                publicKeyFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("mp.jwt.verify.publickey.location", publicKeyFile.toUri().toString());
        props.put("mp.jwt.verify.issuer", ISSUER);
        props.put("mp.jwt.verify.audiences", TokenAudiences.PARTNER + "," + TokenAudiences.INTERNAL);
        return props;
    }

    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A valid token for a client bound to a card issuer. */
    public static String token(String clientId, String issuerId, String... scopes) {
        return claims(clientId, issuerId, scopes).jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** A valid token for a client bound to no issuer (e.g. a Triple partner). */
    public static String partnerToken(String clientId, String... scopes) {
        return token(clientId, null, scopes);
    }

    /** Signs claims (from {@link #claims}, altered by a test) with the key the services trust. */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static JwtClaimsBuilder claims(String clientId, String issuerId, String... scopes) {
        // the audience auth-service gives these scopes (a mix, which it never issues, gets the partners')
        String audience = TokenAudiences.audienceFor(Arrays.asList(scopes));
        JwtClaimsBuilder builder = Jwt.issuer(ISSUER)
                .audience(audience == null ? TokenAudiences.PARTNER : audience)
                .subject(clientId)
                .claim("scope", String.join(" ", new TreeSet<>(Arrays.asList(scopes))))
                .expiresIn(900);
        if (issuerId != null) {
            builder.claim("issuer_id", issuerId);
        }
        return builder;
    }

    // ---- hostile variants -------------------------------------------------------------------------------

    public static String expired(String clientId, String issuerId, String... scopes) {
        long now = System.currentTimeMillis() / 1000;
        return claims(clientId, issuerId, scopes).issuedAt(now - 3600).expiresAt(now - 1800)
                .jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    public static String notYetValid(String clientId, String issuerId, String... scopes) {
        long now = System.currentTimeMillis() / 1000;
        return claims(clientId, issuerId, scopes).issuedAt(now + 3600).claim("nbf", now + 3600).expiresAt(now + 7200)
                .jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    public static String wrongIssuer(String clientId, String issuerId, String... scopes) {
        return claims(clientId, issuerId, scopes).issuer("https://evil.example").jws().keyId(KEY_ID)
                .sign(KEYS.getPrivate());
    }

    public static String wrongAudience(String clientId, String issuerId, String... scopes) {
        return claims(clientId, issuerId, scopes).audience("another-platform").jws().keyId(KEY_ID)
                .sign(KEYS.getPrivate());
    }

    public static String unknownKey(String clientId, String issuerId, String... scopes) {
        return claims(clientId, issuerId, scopes).jws().keyId("unknown-key").sign(OTHER_KEYS.getPrivate());
    }

    /** {@code alg: none}: a token with no signature at all. */
    public static String algNone(String clientId, String issuerId, String... scopes) {
        String valid = token(clientId, issuerId, scopes);
        String payload = valid.split("\\.")[1];
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** The classic confusion attack: HS256 with the RSA public key as the HMAC secret. */
    public static String hs256WithPublicKey(String clientId, String issuerId, String... scopes) {
        String valid = token(clientId, issuerId, scopes);
        String payload = valid.split("\\.")[1];
        String header = b64(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] signature = new HmacSha256(publicKeyPem().getBytes(StandardCharsets.US_ASCII))
                .sign((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64(signature);
    }

    /**
     * Signed by the right key, valid now, but living until 2100: longer than any service accepts
     * ({@code platform.security.tokens.max-lifetime-seconds}), whatever its signature.
     */
    public static String longLived(String clientId, String issuerId, String... scopes) {
        long now = System.currentTimeMillis() / 1000;
        return claims(clientId, issuerId, scopes).issuedAt(now).expiresAt(4_102_444_800L)
                .jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** A token whose payload was altered after signing. */
    public static String tampered(String clientId, String issuerId, String... scopes) {
        String[] parts = token(clientId, issuerId, scopes).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + clientId + "\"", "\"sub\":\"" + clientId + "x\"");
        return parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** Every invalid token with a name, for matrix tests (all must be 401). */
    public static Map<String, String> invalidTokens(String clientId, String issuerId, String... scopes) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("malformed", "not-a-jwt");
        tokens.put("expired", expired(clientId, issuerId, scopes));
        tokens.put("not yet valid", notYetValid(clientId, issuerId, scopes));
        tokens.put("wrong issuer", wrongIssuer(clientId, issuerId, scopes));
        tokens.put("wrong audience", wrongAudience(clientId, issuerId, scopes));
        tokens.put("alg none", algNone(clientId, issuerId, scopes));
        tokens.put("HS256 with the public key", hs256WithPublicKey(clientId, issuerId, scopes));
        tokens.put("unknown key", unknownKey(clientId, issuerId, scopes));
        tokens.put("tampered", tampered(clientId, issuerId, scopes));
        tokens.put("lives until 2100", longLived(clientId, issuerId, scopes));
        return tokens;
    }

    public static PrivateKey signingKey() {
        return KEYS.getPrivate();
    }

    public static Set<String> scopes(String... scopes) {
        return new TreeSet<>(Arrays.asList(scopes));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS256;
    }
}
