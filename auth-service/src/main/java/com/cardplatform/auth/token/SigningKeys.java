package com.cardplatform.auth.token;

import com.cardplatform.auth.config.AuthConfig;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.quarkus.runtime.Startup;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA key that signs access tokens, and the JWKS that publishes it. Rotation: deploy the new key as the
 * signing key and list the old public key in {@code platform.auth.previous-public-keys}; both {@code kid}s are
 * in the JWKS until every token signed by the old key has expired (15 minutes), then drop the old one.
 */
@ApplicationScoped
@Startup // a missing or broken key must stop the start, not fail the first token request
public class SigningKeys {

    private final PrivateKey privateKey;
    private final String keyId;
    private final String jwks;

    public SigningKeys(AuthConfig config,
            @ConfigProperty(name = "platform.security.tokens.max-lifetime-seconds") long platformMaxLifetime) {
        if (config.accessTokenSeconds() > platformMaxLifetime) {
            // every resource service would refuse such tokens (common-errors, smallrye.jwt.time-to-live)
            throw new IllegalStateException("platform.auth.access-token-seconds (" + config.accessTokenSeconds()
                    + ") is longer than platform.security.tokens.max-lifetime-seconds (" + platformMaxLifetime
                    + "), the longest lifetime the resource services accept");
        }
        KeyPair pair;
        if (config.signingKeyLocation().filter(s -> !s.isBlank()).isPresent()) {
            pair = loadPair(Path.of(config.signingKeyLocation().get()));
        } else if (config.requireSigningKey()) {
            throw new IllegalStateException("platform.auth.signing-key-location is required in production "
                    + "(PEM PKCS#8 RSA private key, mounted from a secret)");
        } else {
            Log.warn("No signing key configured: using an ephemeral RSA key; tokens will not survive a restart");
            pair = generate();
        }
        this.privateKey = pair.getPrivate();
        {
            RsaJsonWebKey current = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            this.keyId = config.signingKeyId().filter(s -> !s.isBlank())
                    .orElse(current.calculateBase64urlEncodedThumbprint("SHA-256"));
            current.setKeyId(keyId);
            current.setUse("sig");
            current.setAlgorithm("RS256");
            List<JsonWebKey> keys = new ArrayList<>();
            keys.add(current);
            for (Map.Entry<String, Path> previous : previousKeys(config).entrySet()) {
                RsaJsonWebKey old = new RsaJsonWebKey((RSAPublicKey) loadPublic(previous.getValue()));
                old.setKeyId(previous.getKey());
                old.setUse("sig");
                old.setAlgorithm("RS256");
                keys.add(old);
            }
            this.jwks = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    public String jwks() {
        return jwks;
    }

    private static Map<String, Path> previousKeys(AuthConfig config) {
        Map<String, Path> keys = new LinkedHashMap<>();
        String list = config.previousPublicKeys().orElse("");
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("platform.auth.previous-public-keys entries are kid=path");
            }
            keys.put(entry.substring(0, eq).trim(), Path.of(entry.substring(eq + 1).trim()));
        }
        return keys;
    }

    static KeyPair loadPair(Path file) {
        try {
            byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return new KeyPair(publicKey, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + file, e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("The signing key " + file + " is not a PKCS#8 RSA private key", e);
        }
    }

    static PublicKey loadPublic(Path file) {
        try {
            byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the public key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The public key " + file + " is not an X.509 RSA public key", e);
        }
    }

    private static byte[] pemBody(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("Expected a PEM block " + begin);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
