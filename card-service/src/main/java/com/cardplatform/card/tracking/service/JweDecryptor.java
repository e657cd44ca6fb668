package com.cardplatform.card.tracking.service;

import com.cardplatform.errors.ApiError;
import io.quarkus.arc.ClientProxy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.PrivateKey;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
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

    /**
     * Right after start, off the start's path, one JWE is encrypted to our preferred key and decrypted: it loads
     * the key agreement provider's classes and translates the key, a third of a second on these machines, so that
     * the first issuer's request does not wait for it. A failure here means that no JWE can be decrypted: it is
     * logged as an error, with the key's kid only.
     */
    void warmUp(@Observes StartupEvent started) {
        if (keys.provider() == null) {
            return; // the JDK's EC classes are already loaded and in the AOT cache
        }
        // the keys themselves, not their client proxy: a stop right after the start destroys the application context,
        // and the proxy would create the keys again on this thread
        TrackingKeys instance = ClientProxy.unwrap(keys);
        Thread thread = new Thread(() -> selfTest(instance), "tracking-jwe-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void selfTest(TrackingKeys keys) {
        EllipticCurveJsonWebKey preferred = keys.preferred();
        long started = System.nanoTime();
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(preferred.getKeyId());
            jwe.setKey(preferred.getPublicKey());
            jwe.setPlaintext("{}");
            if (!"{}".equals(decrypt(jwe.getCompactSerialization(), keys))) {
                throw new IllegalStateException("the decrypted text differs");
            }
            Log.infof("Tracking hub JWE self-test passed for key %s with key agreement provider %s (%d ms)",
                    preferred.getKeyId(), keys.provider(), (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            Log.errorf("Tracking hub JWE self-test failed for key %s with key agreement provider %s (%s): encrypted "
                    + "card data cannot be decrypted", preferred.getKeyId(), keys.provider(), e.getClass().getName());
        }
    }

    public String decrypt(String compact) {
        return decrypt(compact, keys);
    }

    private String decrypt(String compact, TrackingKeys keys) {
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
