package com.cardplatform.card;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.primitives.cards.Luhn;
import com.cardplatform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

/** Shared test vocabulary: issuers, tokens, card provisioning, real JWEs, exact error bodies. */
public final class Fixtures {

    public static final String ISSUER = "ISSUER0001";
    public static final String OTHER_ISSUER = "ISSUER0002";
    public static final String ISO_MILLIS = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";
    public static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

    private Fixtures() {
    }

    // ---- tokens ------------------------------------------------------------------------------------------

    public static String provisioning(String issuer) {
        return TestTokens.token("issuer-backend-" + issuer, issuer, "cards:provisioning");
    }

    public static String tracking(String issuer) {
        return TestTokens.token("d1-tracking-" + issuer, issuer, "cards:tracking");
    }

    public static String citi(String issuer) {
        return TestTokens.token("citi-" + issuer, issuer, "cards:status");
    }

    public static String internal() {
        return TestTokens.partnerToken("consumer-service", "cards:internal");
    }

    public static String carrierIntegration() {
        return TestTokens.partnerToken("carrier-hub", "cards:carrier-events");
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    // ---- ids and cards -----------------------------------------------------------------------------------

    public static String id(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A random 16-digit PAN that passes the Luhn check. */
    public static String pan() {
        StringBuilder digits = new StringBuilder("4");
        for (int i = 0; i < 14; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return Luhn.withCheckDigit(digits.toString());
    }

    /** A card definition; {@link #create()} provisions it through the API. */
    public static final class CardSpec {
        public String issuer = ISSUER;
        public String cardId = id("CARD");
        public String consumerId = id("consumer");
        public String accountId = id("acct");
        public String customerNumber = String.valueOf(100_000_000_000L + SEQUENCE.incrementAndGet());
        public String productType = "DEBIT";
        public String programId = "PROGRAM-1";
        public String proxyNumber = "6039530407033839166";
        public String pan = pan();

        public CardSpec issuer(String value) {
            issuer = value;
            return this;
        }

        public CardSpec consumer(String value) {
            consumerId = value;
            return this;
        }

        public CardSpec account(String value) {
            accountId = value;
            return this;
        }

        public CardSpec credit() {
            productType = "CREDIT";
            return this;
        }

        public CardSpec withoutPan() {
            pan = null;
            return this;
        }

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cardId", cardId);
            body.put("consumerId", consumerId);
            body.put("accountId", accountId);
            body.put("customerNumber", customerNumber);
            body.put("productType", productType);
            body.put("programId", programId);
            body.put("proxyNumber", proxyNumber);
            if (pan != null) {
                body.put("pan", pan);
            }
            return body;
        }

        public CardSpec create() {
            as(provisioning(issuer)).contentType(ContentType.JSON).body(body())
                    .when().post("/issuers/{issuerId}/cards", issuer)
                    .then().statusCode(201);
            return this;
        }

        public String status() {
            return as(provisioning(issuer)).get("/issuers/{issuerId}/cards/{cardId}", issuer, cardId)
                    .then().statusCode(200).extract().path("status");
        }

        public void changeStatus(String status, String reason) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            if (reason != null) {
                body.put("reason", reason);
            }
            as(provisioning(issuer)).contentType(ContentType.JSON).body(body)
                    .post("/issuers/{issuerId}/cards/{cardId}/status", issuer, cardId)
                    .then().statusCode(200);
        }

        public void addDigitalCard(String digitalCardId) {
            as(provisioning(issuer)).contentType(ContentType.JSON)
                    .body(Map.of("digitalCardId", digitalCardId, "walletProvider", "APPLE_PAY"))
                    .post("/issuers/{issuerId}/cards/{cardId}/digitalCards", issuer, cardId)
                    .then().statusCode(201);
        }

        /** The plaintext an issuer encrypts for this card. */
        public String cardData(String carrier, String trackingNumber) {
            StringBuilder json = new StringBuilder("{\"pan\":\"").append(pan).append("\",\"exp\":\"1229\"");
            if (carrier != null) {
                json.append(",\"carrier\":\"").append(carrier).append("\"");
            }
            if (trackingNumber != null) {
                json.append(",\"trackingNumber\":\"").append(trackingNumber).append("\"");
            }
            return json.append('}').toString();
        }
    }

    public static CardSpec card() {
        return new CardSpec();
    }

    // ---- JWE ---------------------------------------------------------------------------------------------

    /** The keys the service publishes, as an issuer fetches them. */
    public static List<JsonWebKey> publishedKeys() {
        String json = given().get("/.well-known/tracking-jwks.json").then().statusCode(200).extract().asString();
        try {
            return new JsonWebKeySet(json).getJsonWebKeys();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encrypt(JsonWebKey key, String plaintext) {
        return encrypt(((PublicJsonWebKey) key).getPublicKey(), key.getKeyId(), plaintext);
    }

    public static String encrypt(java.security.PublicKey key, String kid, String plaintext) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            if (kid != null) {
                jwe.setKeyIdHeaderValue(kid);
            }
            jwe.setKey(key);
            jwe.setPlaintext(plaintext);
            return jwe.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- error bodies ------------------------------------------------------------------------------------

    /** A D1 error: exact body ({@code errorCode} and {@code error} present only when given). */
    public static void assertD1(Response response, int status, String errorCode, String error) {
        response.then().statusCode(status).contentType(ContentType.JSON);
        Map<String, Object> expected = new LinkedHashMap<>();
        if (errorCode != null) {
            expected.put("errorCode", errorCode);
        }
        if (error != null) {
            expected.put("error", error);
        }
        assertEquals(expected, response.jsonPath().getMap("$"), response.asString());
        assertNoLeak(response);
    }

    /**
     * A Citi error: exact {@code type}, {@code code}, {@code details}, {@code location}, the echoed {@code uuid}
     * and a fresh ISO timestamp; {@code moreInfo} checked when given.
     */
    public static void assertCiti(Response response, int status, String type, String code, String details,
            String location, String moreInfo, String uuid) {
        response.then().statusCode(status).contentType(ContentType.JSON);
        Map<String, Object> body = response.jsonPath().getMap("$");
        assertEquals(type, body.get("type"), response.asString());
        assertEquals(code, body.get("code"), response.asString());
        assertEquals(details, body.get("details"), response.asString());
        assertEquals(location, body.get("location"), response.asString());
        if (moreInfo != null) {
            assertEquals(moreInfo, body.get("moreInfo"), response.asString());
        }
        assertEquals(uuid, body.get("uuid"), response.asString());
        String timestamp = (String) body.get("timestamp");
        assertNotNull(timestamp, response.asString());
        assertTrue(Math.abs(Instant.parse(timestamp).toEpochMilli() - System.currentTimeMillis()) < 60_000,
                "timestamp is now: " + timestamp);
        for (String key : body.keySet()) {
            assertTrue(List.of("type", "code", "details", "location", "moreInfo", "uuid", "timestamp").contains(key),
                    "unexpected member " + key + " in " + response.asString());
        }
        assertNoLeak(response);
    }

    /** No stack trace, no Java class name, no framework internals in an error body. */
    public static void assertNoLeak(Response response) {
        String body = response.asString();
        for (String marker : List.of("Exception", "at com.", "at io.", "java.", "org.", "Caused by")) {
            assertFalse(body.contains(marker), "leak of '" + marker + "' in " + body);
        }
    }
}
