package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigInteger;
import java.util.Arrays;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the tracking hub relies on from its key agreement provider (BouncyCastle): the same shared secret as the
 * JDK's, and no agreement with a point that is not on P-256 (the invalid-curve attack on ECDH-ES).
 */
class KeyAgreementTest {

    @BeforeAll
    static void provider() {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    @Test
    void agreesOnTheSameSecretAsTheJdk() throws Exception {
        KeyPair ours = p256();
        KeyPair theirs = p256();
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
        jdk.init(ours.getPrivate());
        jdk.doPhase(theirs.getPublic(), true);
        KeyAgreement bc = KeyAgreement.getInstance("ECDH", "BC");
        bc.init(KeyFactory.getInstance("EC", "BC").translateKey(ours.getPrivate()));
        bc.doPhase(theirs.getPublic(), true);
        assertArrayEquals(jdk.generateSecret(), bc.generateSecret());
    }

    @Test
    void refusesAPointThatIsNotOnTheCurve() throws Exception {
        ECPublicKey valid = (ECPublicKey) p256().getPublic();
        ECPoint offCurve = new ECPoint(valid.getW().getAffineX(), valid.getW().getAffineY().add(BigInteger.ONE));
        ECPublicKeySpec spec = new ECPublicKeySpec(offCurve, valid.getParams());
        assertThrows(Exception.class, () -> KeyFactory.getInstance("EC", "BC").generatePublic(spec));
    }

    /** A native executable can create only the service classes registered for reflection (KeyAgreementReflection). */
    @Test
    void theEcdhServiceClassIsTheOneRegisteredForNative() throws Exception {
        Class<?> holder = Class.forName("com.cardplatform.card.tracking.service.KeyAgreementReflection");
        RegisterForReflection registration = holder.getAnnotation(RegisterForReflection.class);
        assertEquals(Security.getProvider("BC").getService("KeyAgreement", "ECDH").getClassName(),
                Arrays.stream(registration.targets()).map(Class::getName).findFirst().orElse(null));
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
