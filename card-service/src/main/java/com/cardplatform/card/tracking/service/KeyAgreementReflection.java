package com.cardplatform.card.tracking.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi;

/**
 * The JCA creates a provider's service classes by name, through reflection. With
 * {@code quarkus.security.security-providers=BC} Quarkus registers BouncyCastle and the service classes it knows to
 * be used (among them the EC key factory that {@link TrackingKeys} translates keys with), but not the ECDH key
 * agreement that the tracking hub's JWEs ask BouncyCastle for ({@link JweDecryptor}). In a native executable an
 * unregistered service class cannot be instantiated, so it is registered here. In the JVM this has no effect.
 */
@RegisterForReflection(targets = KeyAgreementSpi.DH.class)
final class KeyAgreementReflection {

    private KeyAgreementReflection() {
    }
}
