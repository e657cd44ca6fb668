package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.UUID_PATTERN;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.track;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with a JOSE implementation no one here wrote: an issuer using Nimbus JOSE+JWT fetches the
 * published tracking key set over HTTP (Nimbus's own remote JWK source), picks the encryption key the way D1's
 * document says (EC P-256, use enc, ECDH-ES), encrypts the card data with ECDH-ES / A256GCM, and tracks the card.
 * The service decrypts with jose4j and BouncyCastle: nothing but the wire format is shared.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class TrackingInteropTest {

    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";

    @Test
    void anIssuerOnNimbusFetchesTheKeysOverHttpAndTracksACard() throws Exception {
        List<JWK> keys = publishedEncryptionKeys();
        assertEquals(List.of(CardTestResource.CURRENT_KID, CardTestResource.PREVIOUS_KID),
                keys.stream().map(JWK::getKeyID).toList(), "both keys of the rotation, the one to use first");
        for (JWK key : keys) {
            assertFalse(key.isPrivate(), "only public keys are published");
        }

        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String jwe = encrypt(keys.get(0).toECKey(), JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM, null,
                spec.cardData("dhl", number));
        JWEHeader header = JWEObject.parse(jwe).getHeader();
        assertEquals(JWEAlgorithm.ECDH_ES, header.getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, header.getEncryptionMethod());
        assertEquals(CardTestResource.CURRENT_KID, header.getKeyID());
        assertEquals(Curve.P_256, ((ECKey) header.getEphemeralPublicKey()).getCurve());

        String operationId = track(spec, "SHIPMENT", jwe)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("operationId", matchesPattern(UUID_PATTERN))
                .body("status", equalTo("PENDING"))
                .extract().path("operationId");
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                .then().statusCode(200)
                .body("operation", equalTo("STANDALONE_TRACKING"))
                .body("status", equalTo("PENDING"))
                .body("details.trackingType", equalTo("SHIPMENT"))
                .body("details.status", equalTo("CARD_SHIPPED"))
                .body("details.shipment.carrier", equalTo("dhl"))
                .body("details.shipment.trackingNumber", equalTo(number))
                .body("details.shipment.trackingUrl",
                        equalTo("https://www.dhl.com/global-en/home/tracking.html?tracking-id=" + number));

        // an issuer that has not moved to the new key yet still gets through during the rotation
        track(spec, "PRODUCTION", encrypt(keys.get(1).toECKey(), JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM,
                null, spec.cardData(null, null))).then().statusCode(200).body("status", equalTo("PENDING"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void aNimbusJweTheServiceCannotDecryptIsRefusedInD1sFormat() throws Exception {
        ECKey current = publishedEncryptionKeys().get(0).toECKey();
        CardSpec spec = card().create();
        String data = spec.cardData("dhl", "JD0001");
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("tracking-1999-01").generate();
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(CardTestResource.CURRENT_KID).generate();

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("a key of an unknown kid", encrypt(stranger, JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM,
                null, data));
        refused.put("another key under the published kid", encrypt(impostor, JWEAlgorithm.ECDH_ES,
                EncryptionMethod.A256GCM, null, data));
        refused.put("ECDH-ES+A256KW", encrypt(current, JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM, null,
                data));
        refused.put("A128GCM", encrypt(current, JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM, null, data));
        refused.put("compressed", encrypt(current, JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM,
                CompressionAlgorithm.DEF, data));
        for (Map.Entry<String, String> jwe : refused.entrySet()) {
            Response response = track(spec, "SHIPMENT", jwe.getValue());
            assertEquals(400, response.statusCode(), jwe.getKey() + ": " + response.asString());
            assertD1(response, 400, "CRYPTO_ERROR", null);
        }
        // they are sound JWEs, refused for what they are: their own key holders can decrypt them
        JWEObject toStranger = JWEObject.parse(refused.get("a key of an unknown kid"));
        toStranger.decrypt(new ECDHDecrypter(stranger));
        assertEquals(data, toStranger.getPayload().toString());

        // decrypted fine, but a carrier code written as before is not D1's
        assertD1(track(spec, "SHIPMENT", encrypt(current, JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM, null,
                spec.cardData("DHL", "JD0001"))), 400, "FIELD_INVALID_FORMAT", "encryptedData.carrier");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
        // and the same card data encrypted as the document says goes through
        track(spec, "SHIPMENT", encrypt(current, JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM, null, data))
                .then().statusCode(200);
    }

    /** The published keys as a Nimbus client gets them: over HTTP, selected as an encryption key for ECDH-ES. */
    private static List<JWK> publishedEncryptionKeys() throws Exception {
        URL url = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/.well-known/tracking-jwks.json").toURL();
        JWKSource<SecurityContext> source = JWKSourceBuilder.create(url).retrying(false).build();
        List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder()
                .keyType(KeyType.EC)
                .curve(Curve.P_256)
                .keyUse(KeyUse.ENCRYPTION)
                .algorithm(JWEAlgorithm.ECDH_ES)
                .build()), null);
        assertTrue(keys.size() >= 1, "Nimbus finds an encryption key");
        return keys;
    }

    private static String encrypt(ECKey recipient, JWEAlgorithm alg, EncryptionMethod enc,
            CompressionAlgorithm compression, String plaintext) throws Exception {
        JWEHeader.Builder header = new JWEHeader.Builder(alg, enc).keyID(recipient.getKeyID());
        if (compression != null) {
            header.compressionAlgorithm(compression);
        }
        JWEObject jwe = new JWEObject(header.build(), new Payload(plaintext));
        jwe.encrypt(new ECDHEncrypter(recipient.toPublicJWK()));
        return jwe.serialize();
    }
}
