package com.cardplatform.card;

import com.cardplatform.testing.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;

/**
 * card-service under test: the platform's PostgreSQL and token key, two tracking hub decryption keys active at
 * once (as during a rotation) in a JWKS file, and a PAN digest key. Tests encrypt with the public keys the
 * service publishes, exactly as an issuer would.
 */
public class CardTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String CURRENT_KID = "tracking-2026-02";
    public static final String PREVIOUS_KID = "tracking-2026-01";

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(new PlatformTestResource().start());
        try {
            Path dir = Files.createTempDirectory("card-test");
            Path jwks = dir.resolve("tracking-jwks.json");
            Files.writeString(jwks, privateJwks(), StandardCharsets.UTF_8);
            jwks.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            props.put("platform.tracking.jwe-keys-location", jwks.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("platform.cards.pan-digest-key", "card-service-test-pan-digest-key");
        return props;
    }

    @Override
    public void stop() {
    }

    private static String privateJwks() {
        try {
            EllipticCurveJsonWebKey current = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            current.setKeyId(CURRENT_KID);
            current.setUse("enc");
            EllipticCurveJsonWebKey previous = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            previous.setKeyId(PREVIOUS_KID);
            return new JsonWebKeySet(List.of(current, previous))
                    .toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
