package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cardplatform.card.tracking.service.BouncyCastleEcdh;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the tracking hub relies on from its key agreement provider (BouncyCastle's ECDH, {@link BouncyCastleEcdh}):
 * the same shared secret as the JDK's, and no agreement with a point that is not on P-256 (the invalid-curve attack
 * on ECDH-ES).
 */
class KeyAgreementTest {

    @BeforeAll
    static void provider() {
        if (Security.getProvider(BouncyCastleEcdh.NAME) == null) {
            Security.addProvider(new BouncyCastleEcdh());
        }
    }

    @Test
    void agreesOnTheSameSecretAsTheJdk() throws Exception {
        KeyPair ours = p256();
        KeyPair theirs = p256();
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
        jdk.init(ours.getPrivate());
        jdk.doPhase(theirs.getPublic(), true);
        KeyAgreement bc = KeyAgreement.getInstance("ECDH", BouncyCastleEcdh.NAME);
        bc.init(KeyFactory.getInstance("EC", BouncyCastleEcdh.NAME).translateKey(ours.getPrivate()));
        bc.doPhase(theirs.getPublic(), true);
        assertArrayEquals(jdk.generateSecret(), bc.generateSecret());
    }

    @Test
    void refusesAPointThatIsNotOnTheCurve() throws Exception {
        ECPublicKey valid = (ECPublicKey) p256().getPublic();
        ECPoint offCurve = new ECPoint(valid.getW().getAffineX(), valid.getW().getAffineY().add(BigInteger.ONE));
        ECPublicKeySpec spec = new ECPublicKeySpec(offCurve, valid.getParams());
        assertThrows(Exception.class, () -> KeyFactory.getInstance("EC", BouncyCastleEcdh.NAME).generatePublic(spec));
    }

    /** The services are BouncyCastle's own classes (made without reflection, so that a native executable has them). */
    @Test
    void servesBouncyCastlesClasses() throws Exception {
        assertEquals("org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi$DH",
                Security.getProvider(BouncyCastleEcdh.NAME).getService("KeyAgreement", "ECDH").newInstance(null)
                        .getClass().getName());
        assertEquals("org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi$EC",
                Security.getProvider(BouncyCastleEcdh.NAME).getService("KeyFactory", "EC").newInstance(null)
                        .getClass().getName());
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
