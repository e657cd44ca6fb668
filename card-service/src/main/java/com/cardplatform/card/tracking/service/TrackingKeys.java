package com.cardplatform.card.tracking.service;

import com.cardplatform.card.tracking.config.TrackingConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The tracking hub's decryption keys: EC P-256 private keys by {@code kid}, read from a JWKS file (a secret in
 * production). Rotation: add the new key first in the file and publish it, keep the old one until issuers have
 * moved, then remove it. Both decrypt meanwhile. Only the public halves are ever published.
 */
@Startup
@ApplicationScoped
public class TrackingKeys {

    /** The configuration value that selects BouncyCastle's ECDH ({@link BouncyCastleEcdh}). */
    static final String BOUNCY_CASTLE = "BC";

    private final Map<String, PrivateKey> privateKeys;
    /** The keys in the provider's own representation, made at their first use (see {@link #privateKey}). */
    private final Map<String, PrivateKey> translated = new ConcurrentHashMap<>();
    private final EllipticCurveJsonWebKey preferred;
    private final String publicJwks;
    private final String provider;

    public TrackingKeys(TrackingConfig config) {
        List<EllipticCurveJsonWebKey> keys;
        if (config.jweKeysLocation().filter(s -> !s.isBlank()).isPresent()) {
            keys = load(Path.of(config.jweKeysLocation().get()));
        } else if (config.requireJweKeys()) {
            throw new IllegalStateException("platform.tracking.jwe-keys-location is required in production "
                    + "(a JWKS file of EC P-256 private keys, mounted from a secret)");
        } else {
            keys = List.of(ephemeral());
            Log.warnf("No tracking hub decryption keys configured (platform.tracking.jwe-keys-location): using an "
                    + "ephemeral EC P-256 key, kid=%s; encrypted data will not survive a restart", keys.get(0).getKeyId());
        }
        this.provider = provider(config.keyAgreementProvider().filter(s -> !s.isBlank()).orElse(null));
        Map<String, PrivateKey> byKid = new LinkedHashMap<>();
        List<EllipticCurveJsonWebKey> published = new ArrayList<>();
        for (EllipticCurveJsonWebKey key : keys) {
            byKid.put(key.getKeyId(), key.getPrivateKey());
            EllipticCurveJsonWebKey publicOnly = new EllipticCurveJsonWebKey(key.getECPublicKey());
            publicOnly.setKeyId(key.getKeyId());
            publicOnly.setUse("enc");
            publicOnly.setAlgorithm(KeyManagementAlgorithmIdentifiers.ECDH_ES);
            published.add(publicOnly);
        }
        this.privateKeys = Map.copyOf(byKid);
        this.preferred = published.get(0);
        this.publicJwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        Log.infof("Tracking hub decryption keys: %s (key agreement provider: %s)", byKid.keySet(),
                provider == null ? "JDK default" : provider);
    }

    /**
     * The JCA provider named by the configuration: {@code BC} is BouncyCastle's ECDH, registered here (cheaply: its
     * classes load at the first JWE); any other name must be a provider the JVM already has.
     */
    private static String provider(String configured) {
        if (configured == null) {
            return null;
        }
        if (BOUNCY_CASTLE.equals(configured)) {
            if (Security.getProvider(BouncyCastleEcdh.NAME) == null) {
                Security.addProvider(new BouncyCastleEcdh());
            }
            return BouncyCastleEcdh.NAME;
        }
        if (Security.getProvider(configured) == null) {
            throw new IllegalStateException("platform.tracking.key-agreement-provider=" + configured
                    + " is not a registered JCA provider (BC, a provider of the JVM, or empty for the JDK's default)");
        }
        return configured;
    }

    /** The JCA provider of the key agreement, or null for the JDK's default. */
    public String provider() {
        return provider;
    }

    /**
     * The private key for a {@code kid}, or null when the kid is unknown. It is translated into the provider's own
     * representation at its first use, once, rather than at start: that loads the provider's EC classes, which
     * would otherwise be a part of every start (see {@link JweDecryptor#warmUp}).
     */
    public PrivateKey privateKey(String kid) {
        PrivateKey key = kid == null ? null : privateKeys.get(kid);
        if (key == null || provider == null) {
            return key;
        }
        return translated.computeIfAbsent(kid, k -> translate(key, provider));
    }

    /** The public half of the key issuers should encrypt with (the first one). */
    public EllipticCurveJsonWebKey preferred() {
        return preferred;
    }

    /** The public JWKS issuers encrypt with (first key preferred). */
    public String publicJwks() {
        return publicJwks;
    }

    /** The key in the provider's own representation, so that it is not converted again on every request. */
    private static PrivateKey translate(PrivateKey key, String provider) {
        try {
            return (PrivateKey) KeyFactory.getInstance("EC", provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Provider " + provider + " cannot take the tracking hub's EC keys", e);
        }
    }

    static List<EllipticCurveJsonWebKey> load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tracking hub JWKS " + file, e);
        }
        List<EllipticCurveJsonWebKey> keys = new ArrayList<>();
        try {
            for (JsonWebKey key : new JsonWebKeySet(json).getJsonWebKeys()) {
                if (!(key instanceof EllipticCurveJsonWebKey ec)
                        || !EllipticCurves.P_256.equals(ec.getCurveName())
                        || ec.getPrivateKey() == null) {
                    throw new IllegalStateException("The tracking hub JWKS " + file
                            + " must hold EC P-256 private keys only");
                }
                if (ec.getKeyId() == null || ec.getKeyId().isBlank()) {
                    throw new IllegalStateException("Every key of the tracking hub JWKS " + file + " needs a kid");
                }
                if (ec.getUse() != null && !"enc".equals(ec.getUse())) {
                    throw new IllegalStateException("Key " + ec.getKeyId() + " of " + file + " is not an encryption key");
                }
                if (keys.stream().anyMatch(k -> k.getKeyId().equals(ec.getKeyId()))) {
                    throw new IllegalStateException("Duplicate kid " + ec.getKeyId() + " in " + file);
                }
                keys.add(ec);
            }
        } catch (JoseException e) {
            // the message of a JWK parsing failure could quote key material: never log it
            throw new IllegalStateException("The tracking hub JWKS " + file + " is not a valid JWKS");
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("The tracking hub JWKS " + file + " holds no key");
        }
        return keys;
    }

    private static EllipticCurveJsonWebKey ephemeral() {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId("ephemeral-" + key.calculateBase64urlEncodedThumbprint("SHA-256").substring(0, 16));
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }
}
