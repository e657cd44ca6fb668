import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;

/**
 * CPU of one P-256 ECDH key agreement as the tracking hub does it for each JWE (the receiver's side: the sender's
 * ephemeral public key decoded, agreed with our private key), with the JDK's provider or with BouncyCastle's.
 * The sender's key generation is timed apart and subtracted. Single-threaded, three rounds of 20,000.
 *
 * <pre>
 * java bench/card/EcdhAgreement.java                                        # the JDK's provider
 * java -cp ~/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.84/bcprov-jdk18on-1.84.jar \
 *     bench/card/EcdhAgreement.java BC                                      # BouncyCastle's
 * </pre>
 */
public class EcdhAgreement {

    public static void main(String[] args) throws Exception {
        String provider = args.length > 0 ? args[0] : null;
        if ("BC".equals(provider)) {
            Security.addProvider((Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getConstructor().newInstance());
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey ours = generator.generateKeyPair().getPrivate();
        KeyFactory keys = provider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", provider);
        PrivateKey key = (PrivateKey) keys.translateKey(ours);
        int n = 20_000;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                KeyPair sender = generator.generateKeyPair();
                KeyAgreement agreement = provider == null
                        ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", provider);
                agreement.init(key);
                PublicKey theirs = keys.generatePublic(new X509EncodedKeySpec(sender.getPublic().getEncoded()));
                agreement.doPhase(theirs, true);
                agreement.generateSecret();
            }
            long agreed = System.nanoTime();
            for (int i = 0; i < n; i++) {
                generator.generateKeyPair();
            }
            long generated = System.nanoTime();
            System.out.printf("%s, Java %s, round %d: %.3f ms per agreement (sender's key generation %.3f ms, subtracted)%n",
                    provider == null ? "JDK" : provider, Runtime.version().feature(), round,
                    ((agreed - start) - (generated - agreed)) / 1e6 / n, (generated - agreed) / 1e6 / n);
        }
    }
}
