package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISO_MILLIS;
import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.OTHER_ISSUER;
import static com.cardplatform.card.Fixtures.UUID_PATTERN;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.pan;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.Fixtures.publishedKeys;
import static com.cardplatform.card.Fixtures.tracking;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

/**
 * Thales D1 Tracking Hub (seed 000): {@code operations:track} with real JWEs built by jose4j against the keys the
 * service publishes, every failure in the seed's tables, and reading the operation.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class TrackingHubTest {

    private static final String TRACK = "/issuers/{issuerId}/physicalCards/{cardId}/operations:track";
    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";

    // ---- keys --------------------------------------------------------------------------------------------

    @Test
    void publishesBothActiveEncryptionKeysWithoutTheirPrivateParts() {
        given().get("/.well-known/tracking-jwks.json")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "public, max-age=300")
                .body("keys.kid", equalTo(List.of(CardTestResource.CURRENT_KID, CardTestResource.PREVIOUS_KID)))
                .body("keys.kty", equalTo(List.of("EC", "EC")))
                .body("keys.crv", equalTo(List.of("P-256", "P-256")))
                .body("keys.use", equalTo(List.of("enc", "enc")))
                .body("keys.alg", equalTo(List.of("ECDH-ES", "ECDH-ES")))
                .body("keys[0]", not(hasKey("d")))
                .body("keys[1]", not(hasKey("d")));
    }

    // ---- success -----------------------------------------------------------------------------------------

    @Test
    void tracksAShipmentAndTheIssuerReadsTheOperation() {
        CardSpec spec = card().create();
        String trackingNumber = "JD" + System.nanoTime();
        Response response = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", trackingNumber)));
        response.then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Location", matchesPattern(".*/issuers/" + ISSUER + "/physicalCards/" + spec.cardId
                        + "/operations/[0-9a-f-]{36}$"))
                .body("operationId", matchesPattern(UUID_PATTERN))
                .body("status", equalTo("PENDING"));
        String operationId = response.path("operationId");

        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("operationId", equalTo(operationId))
                .body("operation", equalTo("STANDALONE_TRACKING"))
                .body("status", equalTo("PENDING"))
                .body("startTime", matchesPattern(ISO_MILLIS))
                .body("$", not(hasKey("endTime")))
                .body("details.trackingType", equalTo("SHIPMENT"))
                .body("details.status", equalTo("CARD_SHIPPED"))
                .body("details", not(hasKey("productionSite")))
                .body("details.shipment.carrier", equalTo("dhl"))
                .body("details.shipment.trackingNumber", equalTo(trackingNumber))
                .body("details.shipment.status", equalTo("INFO_RECEIVED"))
                .body("details.shipment.message", equalTo("Shipment information received, awaiting the carrier"))
                .body("details.shipment.trackingUrl",
                        equalTo("https://www.dhl.com/global-en/home/tracking.html?tracking-id=" + trackingNumber));

        Map<String, Object> row = TestDatabase.query("SELECT * FROM card.tracking_operations WHERE operation_id = ?",
                operationId).get(0);
        assertEquals(ISSUER, row.get("issuer_id"));
        assertEquals(spec.cardId, row.get("card_id"));
        assertEquals("SHIPMENT", row.get("tracking_type"));
        assertEquals("PENDING", row.get("status"));
        assertEquals("dhl", row.get("carrier"));
        assertEquals("d1-tracking-" + ISSUER, row.get("requested_by"));
        assertNoCardDataStored(spec.pan);
    }

    @Test
    void acceptsBothKeysDuringARotation() {
        for (JsonWebKey key : publishedKeys()) {
            CardSpec spec = card().create();
            track(spec, "SHIPMENT", encrypt(key, spec.cardData("ups", "1Z999AA10123456784")))
                    .then().statusCode(200)
                    .body("status", equalTo("PENDING"));
        }
    }

    @Test
    void tracksProductionAndReturnWithOrWithoutShipmentAndNoResultYet() {
        CardSpec spec = card().create();
        String production = track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        // details.status is D1's tracking result: none while the production is pending
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, production)
                .then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("details.trackingType", equalTo("PRODUCTION"))
                .body("details", not(hasKey("status")))
                .body("details", not(hasKey("shipment")));

        String bare = track(spec, "RETURN", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, bare)
                .then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("details.trackingType", equalTo("RETURN"))
                .body("details", not(hasKey("status")))
                .body("details", not(hasKey("shipment")));

        String shipped = track(spec, "RETURN", encrypt(currentKey(), spec.cardData("estafeta", "8055241528464720099")))
                .then().statusCode(200).extract().path("operationId");
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, shipped)
                .then().statusCode(200)
                .body("details", not(hasKey("status")))
                .body("details.shipment.carrier", equalTo("estafeta"))
                .body("details.shipment.status", equalTo("INFO_RECEIVED"))
                .body("details.shipment.message", equalTo("Shipment information received, awaiting the carrier"))
                .body("details.shipment.trackingUrl",
                        equalTo("https://www.estafeta.com/Herramientas/Rastreo?guia=8055241528464720099"));
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void acceptsTheColonLiterallyOrPercentEncoded() {
        CardSpec spec = card().create();
        as(tracking(ISSUER)).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(body("SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0001"))))
                .post("/issuers/" + ISSUER + "/physicalCards/" + spec.cardId + "/operations:track")
                .then().statusCode(200);
        as(tracking(ISSUER)).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(body("SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0002"))))
                .post("/issuers/" + ISSUER + "/physicalCards/" + spec.cardId + "/operations%3Atrack")
                .then().statusCode(200);
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void echoesTheCorrelationIdAndRefusesAMalformedOne() {
        CardSpec spec = card().create();
        as(tracking(ISSUER)).header("x-correlation-id", "track-use-case_01").contentType(ContentType.JSON)
                .body(body("SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0001"))))
                .post(TRACK, ISSUER, spec.cardId)
                .then().statusCode(200)
                .header("x-correlation-id", "track-use-case_01");
        assertD1(as(tracking(ISSUER)).header("x-correlation-id", "with space").contentType(ContentType.JSON)
                .body(body("SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0001"))))
                .post(TRACK, ISSUER, spec.cardId), 400, "FIELD_INVALID_FORMAT", "x-correlation-id");
    }

    // ---- CRYPTO_ERROR ------------------------------------------------------------------------------------

    @Test
    void refusesEveryUndecryptablePayloadWithCryptoError() throws Exception {
        CardSpec spec = card().create();
        String data = spec.cardData("dhl", "JD0001");
        String valid = encrypt(currentKey(), data);
        EllipticCurveJsonWebKey stranger = EcJwkGenerator.generateJwk(EllipticCurves.P256);

        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("wrong key under a known kid", encrypt(stranger.getPublicKey(), CardTestResource.CURRENT_KID, data));
        payloads.put("unknown kid", encrypt(stranger.getPublicKey(), "tracking-1999-01", data));
        payloads.put("no kid", encrypt(((PublicJsonWebKey) currentKey()).getPublicKey(), null, data));
        payloads.put("a flipped byte in the ciphertext", flip(valid, 3));
        payloads.put("a flipped byte in the tag", flip(valid, 4));
        payloads.put("a flipped byte in the IV", flip(valid, 2));
        payloads.put("a tampered header", tamperHeader(valid));
        payloads.put("another kid's key", switchKid(valid, CardTestResource.PREVIOUS_KID));
        payloads.put("an empty ciphertext", encrypt(currentKey(), ""));
        payloads.put("not a JWE", "hello-world");
        payloads.put("a JWS", TestTokens.token("x", ISSUER, "cards:tracking"));
        payloads.put("four parts", valid.substring(0, valid.lastIndexOf('.')));
        payloads.put("not base64", valid.replace('.', '!'));
        payloads.put("ECDH-ES+A256KW", jwe(currentKey(), KeyManagementAlgorithmIdentifiers.ECDH_ES_A256KW,
                ContentEncryptionAlgorithmIdentifiers.AES_256_GCM, false, data));
        payloads.put("A128GCM", jwe(currentKey(), KeyManagementAlgorithmIdentifiers.ECDH_ES,
                ContentEncryptionAlgorithmIdentifiers.AES_128_GCM, false, data));
        payloads.put("A256CBC-HS512", jwe(currentKey(), KeyManagementAlgorithmIdentifiers.ECDH_ES,
                ContentEncryptionAlgorithmIdentifiers.AES_256_CBC_HMAC_SHA_512, false, data));
        payloads.put("compressed", jwe(currentKey(), KeyManagementAlgorithmIdentifiers.ECDH_ES,
                ContentEncryptionAlgorithmIdentifiers.AES_256_GCM, true, data));
        payloads.put("RSA-OAEP-256", rsaJwe(data));

        for (Map.Entry<String, String> payload : payloads.entrySet()) {
            Response response = track(spec, "SHIPMENT", payload.getValue());
            assertEquals(400, response.statusCode(), payload.getKey() + ": " + response.asString());
            assertD1(response, 400, "CRYPTO_ERROR", null);
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
        // and the untouched JWE still works
        track(spec, "SHIPMENT", valid).then().statusCode(200);
    }

    // ---- PARSING_ERROR and field errors ------------------------------------------------------------------

    @Test
    void refusesAPlaintextThatIsNotAJsonObjectWithParsingError() {
        CardSpec spec = card().create();
        for (String plaintext : List.of("not json", " ", "[1,2]", "\"a string\"", "42",
                "{\"pan\":\"" + spec.pan + "\",\"exp\":\"1229\"", "{\"pan\":\"" + spec.pan + "\"} trailing",
                "{\"pan\":\"" + spec.pan + "\",\"pan\":\"" + spec.pan + "\",\"exp\":\"1229\"}")) {
            Response response = track(spec, "PRODUCTION", encrypt(currentKey(), plaintext));
            assertEquals(400, response.statusCode(), plaintext + ": " + response.asString());
            assertD1(response, 400, "PARSING_ERROR", "encryptedData");
        }
    }

    @Test
    void namesTheFirstInvalidFieldOfTheCardData() {
        CardSpec spec = card().create();
        String pan = spec.pan;
        String badLuhn = pan.substring(0, 15) + ((pan.charAt(15) - '0' + 1) % 10);
        assertField(spec, "SHIPMENT", "{\"exp\":\"1229\",\"carrier\":\"dhl\",\"trackingNumber\":\"JD1\"}",
                "FIELD_INVALID_FORMAT", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":4111111111111111,\"exp\":\"1229\"}", "FIELD_INVALID_FORMAT", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":\"411111111111\",\"exp\":\"1229\"}", "FIELD_INVALID_FORMAT", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":\"4111 1111 1111 1111\",\"exp\":\"1229\"}", "FIELD_INVALID_FORMAT", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + badLuhn + "\",\"exp\":\"1229\"}", "FIELD_INVALID_VALUE", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + badLuhn + "\",\"exp\":\"13\"}", "FIELD_INVALID_VALUE", "pan");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\"}", "FIELD_INVALID_FORMAT", "exp");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\",\"exp\":\"12/29\"}", "FIELD_INVALID_FORMAT", "exp");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\",\"exp\":1229}", "FIELD_INVALID_FORMAT", "exp");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\",\"exp\":\"1329\"}", "FIELD_INVALID_VALUE", "exp");
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\",\"exp\":\"0029\"}", "FIELD_INVALID_VALUE", "exp");
        assertField(spec, "SHIPMENT", spec.cardData(null, "JD1234"), "FIELD_INVALID_FORMAT", "carrier");
        // carrier codes are D1's, as D1 writes them: lower case words joined by hyphens, 2 to 32 characters
        for (String carrier : List.of("DHL", "Dhl", "dhl_express", "-dhl", "dhl-", "dhl--x", "d", "dhl express",
                "a".repeat(33))) {
            assertField(spec, "SHIPMENT", spec.cardData(carrier, "JD1234"), "FIELD_INVALID_FORMAT", "carrier");
        }
        assertField(spec, "SHIPMENT", "{\"pan\":\"" + pan + "\",\"exp\":\"1229\",\"carrier\":7,\"trackingNumber\":\"JD1234\"}",
                "FIELD_INVALID_FORMAT", "carrier");
        assertField(spec, "SHIPMENT", spec.cardData("dhl", null), "FIELD_INVALID_FORMAT", "trackingNumber");
        assertField(spec, "SHIPMENT", spec.cardData("dhl", "JD 1234"), "FIELD_INVALID_FORMAT", "trackingNumber");
        assertField(spec, "SHIPMENT", spec.cardData("dhl", "x".repeat(65)), "FIELD_INVALID_FORMAT", "trackingNumber");
        assertField(spec, "PRODUCTION", spec.cardData("dhl", "JD1234"), "FIELD_INVALID_VALUE", "carrier");
        assertField(spec, "PRODUCTION", spec.cardData(null, "JD1234"), "FIELD_INVALID_VALUE", "trackingNumber");
        assertField(spec, "RETURN", spec.cardData(null, "JD1234"), "FIELD_INVALID_FORMAT", "carrier");
        assertField(spec, "RETURN", spec.cardData("dhl", null), "FIELD_INVALID_FORMAT", "trackingNumber");
        // a valid PAN that is not this card's
        assertField(spec, "SHIPMENT", card().cardData("dhl", "JD1234"), "FIELD_INVALID_VALUE", "pan");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void aCardProvisionedWithoutPanAcceptsAnyValidPan() {
        CardSpec spec = card().withoutPan().create();
        spec.pan = pan();
        track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("fedex", "794698571234")))
                .then().statusCode(200);
    }

    /** D1's "Track shipment" guide: the carriers it supports, by their codes, as D1 writes them. */
    static final List<String> D1_CARRIERS = List.of("chronopost-france", "dhl", "dhl-global-mail", "deutsch-post",
            "estafeta", "fedex", "la-poste-colissimo", "nacex", "spanish-seur", "singapore-post", "spain-correos-es",
            "ups", "usps-iv-api");

    @Test
    void acceptsEveryCarrierCodeOfD1AsD1WritesIt() {
        Map<String, String> trackingPages = new LinkedHashMap<>();
        trackingPages.put("chronopost-france", "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=");
        trackingPages.put("dhl", "https://www.dhl.com/global-en/home/tracking.html?tracking-id=");
        trackingPages.put("dhl-global-mail",
                "https://www.dhl.com/global-en/home/tracking/tracking-ecommerce.html?tracking-id=");
        trackingPages.put("estafeta", "https://www.estafeta.com/Herramientas/Rastreo?guia=");
        trackingPages.put("fedex", "https://www.fedex.com/fedextrack/?trknbr=");
        trackingPages.put("la-poste-colissimo", "https://www.laposte.fr/outils/suivre-vos-envois?code=");
        trackingPages.put("spanish-seur", "https://www.seur.com/livetracking/?segOnlineIdentificador=");
        trackingPages.put("spain-correos-es",
                "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=");
        trackingPages.put("ups", "https://www.ups.com/track?tracknum=");
        trackingPages.put("usps-iv-api", "https://tools.usps.com/go/TrackConfirmAction?tLabels=");
        CardSpec spec = card().create();
        for (String carrier : D1_CARRIERS) {
            String number = "TN" + System.nanoTime();
            String operationId = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData(carrier, number)))
                    .then().statusCode(200).extract().path("operationId");
            Map<String, Object> shipment = as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                    .then().statusCode(200).extract().jsonPath().getMap("details.shipment");
            assertEquals(carrier, shipment.get("carrier"), carrier);
            assertEquals(number, shipment.get("trackingNumber"), carrier);
            String page = trackingPages.get(carrier);
            // deutsch-post, nacex, singapore-post: no tracking page address known, so no trackingUrl
            assertEquals(page == null ? null : page + number, shipment.get("trackingUrl"), carrier);
        }
        assertEquals(D1_CARRIERS.size(), TestDatabase.count(
                "SELECT count(*) FROM card.tracking_operations WHERE card_id = ? AND carrier = ANY(?)", spec.cardId,
                D1_CARRIERS.toArray(String[]::new)));
    }

    @Test
    void carriesACarrierCodeD1AddsLaterWithoutATrackingUrl() {
        // D1 asks clients to treat unknown values as forward-compatible: a code of the same shape is carried
        CardSpec spec = card().create();
        for (String carrier : List.of("correos-de-mexico", "aramex", "dpd-de-2")) {
            String operationId = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData(carrier, "MX1234567")))
                    .then().statusCode(200).body("status", equalTo("PENDING")).extract().path("operationId");
            as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                    .then().statusCode(200)
                    .body("details.shipment.carrier", equalTo(carrier))
                    .body("details.shipment.trackingNumber", equalTo("MX1234567"))
                    .body("details.shipment.status", equalTo("INFO_RECEIVED"))
                    .body("details.shipment", not(hasKey("trackingUrl")));
        }
    }

    @Test
    void refusesAnIssuerIdThatIsNotTenCharactersBeforeTheTenantCheck() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD0010"));
        String operationId = track(spec, "SHIPMENT", jwe).then().statusCode(200).extract().path("operationId");
        for (String issuer : List.of("ISSUER001", "ISSUER00011", "I", "ISSUER0001" + "X".repeat(54))) {
            // whether the token is bound to the caller's issuer or to that very id: the format comes first
            for (String token : List.of(tracking(ISSUER), tracking(issuer))) {
                assertD1(as(token).contentType(ContentType.JSON).body(body("SHIPMENT", jwe)).post(TRACK, issuer,
                        spec.cardId), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).get(OPERATION, issuer, spec.cardId, operationId),
                        400, "FIELD_INVALID_FORMAT", "issuerId");
            }
            // the path's first field in error is the issuerId, before the card id
            assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                    .post(TRACK, issuer, "bad*card"), 400, "FIELD_INVALID_FORMAT", "issuerId");
            // but the token and its scope are checked before the request
            assertD1(given().contentType(ContentType.JSON).body(body("SHIPMENT", jwe)).post(TRACK, issuer, spec.cardId),
                    401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
            assertD1(as(provisioning(ISSUER)).get(OPERATION, issuer, spec.cardId, operationId),
                    403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void namesTheFirstInvalidFieldOfTheRequest() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD0001"));
        assertRequest(spec, Map.of("encryptedData", jwe), "FIELD_INVALID_FORMAT", "trackingType");
        assertRequest(spec, Map.of(), "FIELD_INVALID_FORMAT", "trackingType");
        assertRequest(spec, Map.of("trackingType", "TELEPORT", "encryptedData", jwe), "FIELD_INVALID_VALUE", "trackingType");
        assertRequest(spec, Map.of("trackingType", "shipment", "encryptedData", jwe), "FIELD_INVALID_VALUE", "trackingType");
        assertRequest(spec, Map.of("trackingType", 1, "encryptedData", jwe), "FIELD_INVALID_FORMAT", "trackingType");
        assertRequest(spec, Map.of("trackingType", "SHIPMENT"), "FIELD_INVALID_FORMAT", "encryptedData");
        assertRequest(spec, Map.of("trackingType", "SHIPMENT", "encryptedData", ""), "FIELD_INVALID_FORMAT", "encryptedData");
        assertRequest(spec, Map.of("trackingType", "SHIPMENT", "encryptedData", 12), "FIELD_INVALID_FORMAT", "encryptedData");
        assertRequest(spec, Map.of("trackingType", "SHIPMENT", "encryptedData", "x".repeat(8193)),
                "FIELD_INVALID_FORMAT", "encryptedData");
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body("{\"trackingType\":")
                .post(TRACK, ISSUER, spec.cardId), 400, null, null);
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body(Map.of("trackingType", "SHIPMENT",
                "encryptedData", jwe)).post(TRACK, ISSUER, "bad*card"), 400, "FIELD_INVALID_FORMAT", "cardId");
    }

    // ---- card state and tenancy --------------------------------------------------------------------------

    @Test
    void aDeletedCardCanNeverBeTrackedAgain() {
        CardSpec spec = card().create();
        track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0001"))).then().statusCode(200);
        as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, spec.consumerId)
                .then().statusCode(200).body("deletedCards", equalTo(1));
        for (String type : List.of("PRODUCTION", "SHIPMENT", "RETURN")) {
            String data = "SHIPMENT".equals(type) ? spec.cardData("dhl", "JD0002") : spec.cardData(null, null);
            assertD1(track(spec, type, encrypt(currentKey(), data)), 403, "OPERATION_NOT_ALLOWED", "track");
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void aLostOrStolenCardIsNotShippedButItsReturnIsFollowed() {
        for (String status : List.of("LOST", "STOLEN")) {
            CardSpec spec = card().create();
            spec.changeStatus(status, null);
            assertD1(track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0003"))),
                    403, "OPERATION_NOT_ALLOWED", "track");
            assertD1(track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null))),
                    403, "OPERATION_NOT_ALLOWED", "track");
            track(spec, "RETURN", encrypt(currentKey(), spec.cardData("dhl", "JD0004"))).then().statusCode(200);
        }
        CardSpec blocked = card().create();
        blocked.changeStatus("BLOCKED", null);
        track(blocked, "SHIPMENT", encrypt(currentKey(), blocked.cardData("dhl", "JD0005"))).then().statusCode(200);
    }

    @Test
    void unknownCardsAndOtherIssuersCardsAreNotFound() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD0006"));
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                .post(TRACK, ISSUER, id("UNKNOWN")), 404, null, null);
        // the other issuer on its own path: that card does not exist for it
        assertD1(as(tracking(OTHER_ISSUER)).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                .post(TRACK, OTHER_ISSUER, spec.cardId), 404, null, null);
        // the other issuer on this issuer's path: forbidden
        assertD1(as(tracking(OTHER_ISSUER)).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                .post(TRACK, ISSUER, spec.cardId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");

        String operationId = track(spec, "SHIPMENT", jwe).then().statusCode(200).extract().path("operationId");
        assertD1(as(tracking(OTHER_ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(tracking(OTHER_ISSUER)).get(OPERATION, OTHER_ISSUER, spec.cardId, operationId), 404, null, null);
        CardSpec another = card().create();
        assertD1(as(tracking(ISSUER)).get(OPERATION, ISSUER, another.cardId, operationId), 404, null, null);
        assertD1(as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, "0b6f0c7e-0000-0000-0000-2c1f2e8d9a10"),
                404, null, null);
        assertD1(as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, "bad*id"),
                400, "FIELD_INVALID_FORMAT", "operationId");
    }

    @Test
    void refusesEveryInvalidTokenAndAMissingScope() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD0007"));
        String operationId = track(spec, "SHIPMENT", jwe).then().statusCode(200).extract().path("operationId");
        assertD1(given().contentType(ContentType.JSON).body(body("SHIPMENT", jwe)).post(TRACK, ISSUER, spec.cardId),
                401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        for (Map.Entry<String, String> invalid : TestTokens.invalidTokens("d1-tracking", ISSUER, "cards:tracking")
                .entrySet()) {
            Response response = as(invalid.getValue()).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                    .post(TRACK, ISSUER, spec.cardId);
            assertEquals(401, response.statusCode(), invalid.getKey());
            assertD1(response, 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
            assertD1(as(invalid.getValue()).get(OPERATION, ISSUER, spec.cardId, operationId),
                    401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        }
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(body("SHIPMENT", jwe))
                .post(TRACK, ISSUER, spec.cardId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(TestTokens.partnerToken("unbound", "cards:tracking")).contentType(ContentType.JSON)
                .body(body("SHIPMENT", jwe)).post(TRACK, ISSUER, spec.cardId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE card_id = ?",
                spec.cardId));
    }

    @Test
    void answersEdgeFailuresOfTheTrackPathInTheD1Dialect() {
        CardSpec spec = card().create();
        assertD1(as(tracking(ISSUER)).get(TRACK, ISSUER, spec.cardId), 405, null, null);
        assertD1(as(tracking(ISSUER)).contentType(ContentType.TEXT).body("trackingType=SHIPMENT")
                .post(TRACK, ISSUER, spec.cardId), 415, null, null);
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON)
                .body("{\"trackingType\":\"SHIPMENT\",\"encryptedData\":\"" + "x".repeat(70_000) + "\"}")
                .post(TRACK, ISSUER, spec.cardId), 413, null, null);
        assertD1(as(tracking(ISSUER)).get("/issuers/{issuerId}/physicalCards/{cardId}/operations:unknown",
                ISSUER, spec.cardId), 404, null, null);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static JsonWebKey currentKey() {
        return publishedKeys().get(0);
    }

    static Map<String, Object> body(String trackingType, String encryptedData) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingType", trackingType);
        body.put("encryptedData", encryptedData);
        return body;
    }

    static Response track(CardSpec spec, String trackingType, String encryptedData) {
        return as(tracking(spec.issuer)).contentType(ContentType.JSON).body(body(trackingType, encryptedData))
                .post(TRACK, spec.issuer, spec.cardId);
    }

    private static void assertField(CardSpec spec, String type, String plaintext, String errorCode, String field) {
        Response response = track(spec, type, encrypt(currentKey(), plaintext));
        assertEquals(400, response.statusCode(), field + ": " + response.asString());
        assertD1(response, 400, errorCode, "encryptedData." + field);
        assertFalse(response.asString().contains(spec.pan), "the PAN never reaches a response");
    }

    private static void assertRequest(CardSpec spec, Map<String, Object> body, String errorCode, String field) {
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body(body).post(TRACK, ISSUER, spec.cardId),
                400, errorCode, field);
    }

    /** Every table of the schema, every column, as text: neither the PAN nor the expiry may appear. */
    static void assertNoCardDataStored(String pan) {
        for (String table : List.of("cards", "digital_cards", "card_status_history", "tracking_operations",
                "tracking_events", "outbox_event")) {
            for (Map<String, Object> row : TestDatabase.query("SELECT t::text AS row FROM card." + table + " t")) {
                assertFalse(row.get("row").toString().contains(pan), "PAN stored in " + table);
            }
        }
    }

    private static String header(String compact) {
        return compact.substring(0, compact.indexOf('.'));
    }

    /** Flips one bit of one byte in the given part (0 header, 1 key, 2 IV, 3 ciphertext, 4 tag). */
    private static String flip(String compact, int part) {
        String[] parts = compact.split("\\.", -1);
        byte[] bytes = Base64.getUrlDecoder().decode(parts[part]);
        bytes[bytes.length / 2] ^= 0x01;
        parts[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return String.join(".", parts);
    }

    /** Names another of our keys in the header (which is also the AAD: the tag no longer matches either). */
    private static String switchKid(String compact, String kid) {
        String json = new String(Base64.getUrlDecoder().decode(header(compact)), StandardCharsets.UTF_8);
        String switched = json.replace(CardTestResource.CURRENT_KID, kid);
        assertTrue(switched.contains(kid));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(switched.getBytes(StandardCharsets.UTF_8))
                + compact.substring(compact.indexOf('.'));
    }

    /** Adds a member to the protected header: it is the AAD, so the tag no longer matches. */
    private static String tamperHeader(String compact) {
        String json = new String(Base64.getUrlDecoder().decode(header(compact)), StandardCharsets.UTF_8);
        String tampered = json.substring(0, json.length() - 1) + ",\"x\":\"y\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(tampered.getBytes(StandardCharsets.UTF_8))
                + compact.substring(compact.indexOf('.'));
    }

    private static String jwe(JsonWebKey key, String alg, String enc, boolean compressed, String plaintext) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(alg);
            jwe.setEncryptionMethodHeaderParameter(enc);
            jwe.setKeyIdHeaderValue(key.getKeyId());
            jwe.setKey(((PublicJsonWebKey) key).getPublicKey());
            if (compressed) {
                jwe.enableDefaultCompression();
            }
            jwe.setPlaintext(plaintext);
            return jwe.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rsaJwe(String plaintext) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(CardTestResource.CURRENT_KID);
        jwe.setKey(generator.generateKeyPair().getPublic());
        jwe.setPlaintext(plaintext);
        return jwe.getCompactSerialization();
    }

}
