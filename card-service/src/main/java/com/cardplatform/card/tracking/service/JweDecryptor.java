package com.cardplatform.card.tracking.service;

import com.cardplatform.errors.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jca.ProviderContext;

/**
 * Decrypts the tracking hub's {@code encryptedData}: a compact JWE, {@code ECDH-ES} key agreement on P-256 and
 * {@code A256GCM} content encryption, addressed to one of our keys by {@code kid}. Every failure (not a JWE,
 * another algorithm, unknown kid, wrong key, tampered header, ciphertext or tag) is the same CRYPTO_ERROR, with
 * no detail and no cause: nothing about the payload reaches a log or a response.
 */
@ApplicationScoped
public class JweDecryptor {

    private static final AlgorithmConstraints KEY_ALGORITHMS =
            new AlgorithmConstraints(ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.ECDH_ES);
    private static final AlgorithmConstraints CONTENT_ALGORITHMS =
            new AlgorithmConstraints(ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

    private final TrackingKeys keys;
    private final ProviderContext providers;

    public JweDecryptor(TrackingKeys keys) {
        this.keys = keys;
        this.providers = new ProviderContext();
        if (keys.provider() != null) {
            // the sender's ephemeral key is built and agreed with by the same provider (which checks the point
            // is on P-256); AES-GCM stays with the JDK, whose implementation uses the CPU's AES instructions
            providers.getSuppliedKeyProviderContext().setKeyAgreementProvider(keys.provider());
            providers.getGeneralProviderContext().setKeyFactoryProvider(keys.provider());
        }
    }

    public String decrypt(String compact) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setProviderContext(providers);
            jwe.setAlgorithmConstraints(KEY_ALGORITHMS);
            jwe.setContentEncryptionAlgorithmConstraints(CONTENT_ALGORITHMS);
            jwe.setCompactSerialization(compact);
            // compressed payloads are refused: no decompression of attacker-controlled data
            if (jwe.getHeader("zip") != null) {
                throw ApiError.crypto();
            }
            PrivateKey key = keys.privateKey(jwe.getKeyIdHeaderValue());
            if (key == null) {
                throw ApiError.crypto();
            }
            jwe.setKey(key);
            return jwe.getPlaintextString();
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) {
            throw ApiError.crypto();
        }
    }
}
