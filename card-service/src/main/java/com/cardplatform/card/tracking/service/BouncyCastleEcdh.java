package com.cardplatform.card.tracking.service;

import java.security.Provider;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi;

/**
 * A JCA provider with exactly the two BouncyCastle services the tracking hub's JWEs need: the ECDH key agreement
 * (about 0.15 ms of CPU per P-256 agreement where the JDK's takes 0.5–0.8 ms; both refuse a point off the curve)
 * and the EC key factory that builds the sender's ephemeral key.
 *
 * <p>Why not register {@code BouncyCastleProvider} itself: its constructor loads and registers several hundred
 * algorithm classes from a signed jar, which the JDK's AOT cache leaves out, and took 0.5 s of every start of this
 * service (bench/results/startup.md). These two services load a fraction of that, at the first JWE, and the
 * services are created directly rather than by class name through reflection, so a native executable needs no
 * reflection registration for them.
 */
public final class BouncyCastleEcdh extends Provider {

    /** The name jose4j's provider context asks the JCA for. */
    public static final String NAME = "BC-ECDH";

    public BouncyCastleEcdh() {
        super(NAME, "1.0", "BouncyCastle's ECDH key agreement and EC key factory, for the tracking hub's JWEs");
        // names, not class literals: a class literal would open BouncyCastle's jar (and check its signature, 70 ms)
        // here, during the start; the classes load at the first JWE instead
        putService(new DirectService(this, "KeyAgreement", "ECDH",
                "org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi$DH"));
        putService(new DirectService(this, "KeyFactory", "EC",
                "org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi$EC"));
    }

    /**
     * A service whose instances are made with {@code new} instead of reflection on its class name. Not with a lambda
     * or a constructor reference: the JDK 25 AOT cache keeps this class but not BouncyCastle's (a signed jar), and
     * creating the cache crashes on a lambda of a kept class that points into a left-out one (Temurin 25.0.3,
     * {@code ArchiveHeapWriter::compute_ptrmap}).
     */
    private static final class DirectService extends Provider.Service {

        DirectService(Provider provider, String type, String algorithm, String implementation) {
            super(provider, type, algorithm, implementation, List.of(), Map.of());
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return "KeyAgreement".equals(getType()) ? new KeyAgreementSpi.DH() : new KeyFactorySpi.EC();
        }
    }
}
