package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISO_MILLIS;
import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.OTHER_ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.Fixtures.tracking;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issuer's provisioning side and the internal consumer deletion cascade (D1 dialect). */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class CardProvisioningTest {

    // ---- cards -------------------------------------------------------------------------------------------

    @Test
    void provisionsAnActiveCardKeepingOnlyADigestOfThePan() {
        CardSpec spec = card();
        as(provisioning(ISSUER)).contentType(ContentType.JSON).body(spec.body())
                .when().post("/issuers/{issuerId}/cards", ISSUER)
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", endsWith("/issuers/" + ISSUER + "/cards/" + spec.cardId))
                .body("cardId", equalTo(spec.cardId))
                .body("consumerId", equalTo(spec.consumerId))
                .body("accountId", equalTo(spec.accountId))
                .body("customerNumber", equalTo(spec.customerNumber))
                .body("productType", equalTo("DEBIT"))
                .body("programId", equalTo("PROGRAM-1"))
                .body("proxyNumber", equalTo("6039530407033839166"))
                .body("panLastDigits", equalTo(spec.pan.substring(12)))
                .body("status", equalTo("ACTIVE"))
                .body("statusReason", nullValue())
                .body("pan", nullValue())
                .body("createdAt", matchesPattern(ISO_MILLIS))
                .body("updatedAt", matchesPattern(ISO_MILLIS));

        Map<String, Object> row = TestDatabase.query("SELECT * FROM card.cards WHERE issuer_id = ? AND card_id = ?",
                ISSUER, spec.cardId).get(0);
        assertEquals("ACTIVE", row.get("status"));
        assertEquals(spec.consumerId, row.get("consumer_id"));
        assertEquals("DEBIT", row.get("product_type"));
        assertTrue(((String) row.get("pan_digest")).matches("^[0-9a-f]{64}$"));
        assertEquals(spec.pan.substring(12), row.get("pan_last_digits"));
        assertFalse(TestDatabase.query("SELECT c::text AS row FROM card.cards c WHERE card_id = ?", spec.cardId)
                .get(0).get("row").toString().contains(spec.pan), "the PAN is never stored");

        List<Map<String, Object>> history = TestDatabase.query(
                "SELECT * FROM card.card_status_history WHERE issuer_id = ? AND card_id = ?", ISSUER, spec.cardId);
        assertEquals(1, history.size());
        assertNull(history.get(0).get("from_status"));
        assertEquals("ACTIVE", history.get(0).get("to_status"));
        assertEquals("PROVISIONING", history.get(0).get("source"));
        assertEquals("issuer-backend-" + ISSUER, history.get(0).get("requested_by"));
    }

    @Test
    void provisionsACardWithOnlyTheRequiredFields() {
        String cardId = id("MIN");
        as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("cardId", cardId, "consumerId", "c1", "accountId", "a1", "productType", "CREDIT"))
                .post("/issuers/{issuerId}/cards", ISSUER)
                .then().statusCode(201)
                .body("productType", equalTo("CREDIT"))
                .body("customerNumber", nullValue())
                .body("panLastDigits", nullValue());
        assertNull(TestDatabase.query("SELECT pan_digest FROM card.cards WHERE card_id = ?", cardId).get(0)
                .get("pan_digest"));
    }

    @Test
    void readsACardAndListsTheConsumersCardsOldestFirst() {
        String consumer = id("consumer");
        CardSpec first = card().consumer(consumer).create();
        CardSpec second = card().consumer(consumer).credit().create();
        card().create();

        as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, first.cardId)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("cardId", equalTo(first.cardId))
                .body("status", equalTo("ACTIVE"))
                .body("panLastDigits", equalTo(first.pan.substring(12)));

        as(provisioning(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, consumer)
                .then().statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].cardId", equalTo(first.cardId))
                .body("cards[1].cardId", equalTo(second.cardId))
                .body("cards[1].productType", equalTo("CREDIT"));

        as(provisioning(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, id("nobody"))
                .then().statusCode(200)
                .body("cards", hasSize(0));
    }

    @Test
    void refusesADuplicateCardIdButAnotherIssuerMayUseIt() {
        CardSpec spec = card().create();
        CardSpec another = card();
        another.cardId = spec.cardId;
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(another.body())
                .post("/issuers/{issuerId}/cards", ISSUER), 409, null, null);
        // the request that registered the card, sent again (its answer lost): the card again, not a conflict
        as(provisioning(ISSUER)).contentType(ContentType.JSON).body(spec.body())
                .post("/issuers/{issuerId}/cards", ISSUER)
                .then().statusCode(201).body("cardId", equalTo(spec.cardId)).body("consumerId", equalTo(spec.consumerId));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE issuer_id = ? "
                + "AND card_id = ?", ISSUER, spec.cardId));

        CardSpec same = card().issuer(OTHER_ISSUER);
        same.cardId = spec.cardId;
        same.create();
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM card.cards WHERE card_id = ?", spec.cardId));
        as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId)
                .then().statusCode(200).body("consumerId", equalTo(spec.consumerId));
        as(provisioning(OTHER_ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", OTHER_ISSUER, spec.cardId)
                .then().statusCode(200).body("consumerId", equalTo(same.consumerId));
    }

    @Test
    void anotherIssuersCardIsNotFound() {
        CardSpec spec = card().create();
        spec.addDigitalCard(id("DC"));
        String path = "/issuers/" + OTHER_ISSUER + "/cards/" + spec.cardId;
        assertD1(as(provisioning(OTHER_ISSUER)).get(path), 404, null, null);
        assertD1(as(provisioning(OTHER_ISSUER)).get(path + "/digitalCards"), 404, null, null);
        assertD1(as(provisioning(OTHER_ISSUER)).get(path + "/statusHistory"), 404, null, null);
        assertD1(as(provisioning(OTHER_ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("status", "BLOCKED")).post(path + "/status"), 404, null, null);
        assertD1(as(provisioning(OTHER_ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", id("DC"), "walletProvider", "GOOGLE_PAY"))
                .post(path + "/digitalCards"), 404, null, null);
        as(provisioning(OTHER_ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/cards", OTHER_ISSUER,
                spec.consumerId).then().statusCode(200).body("cards", hasSize(0));
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void namesTheFirstInvalidFieldOfTheCard() {
        assertInvalid(Map.of(), "FIELD_INVALID_FORMAT", "cardId");
        assertInvalid(with("cardId", "x".repeat(49)), "FIELD_INVALID_FORMAT", "cardId");
        assertInvalid(with("cardId", "bad card"), "FIELD_INVALID_FORMAT", "cardId");
        assertInvalid(with("cardId", 12), "FIELD_INVALID_FORMAT", "cardId");
        assertInvalid(with("consumerId", "x".repeat(65)), "FIELD_INVALID_FORMAT", "consumerId");
        assertInvalid(without("accountId"), "FIELD_INVALID_FORMAT", "accountId");
        assertInvalid(with("customerNumber", "12a"), "FIELD_INVALID_FORMAT", "customerNumber");
        assertInvalid(with("customerNumber", "1234567890123"), "FIELD_INVALID_FORMAT", "customerNumber");
        assertInvalid(without("productType"), "FIELD_INVALID_FORMAT", "productType");
        assertInvalid(with("productType", "PREPAID"), "FIELD_INVALID_VALUE", "productType");
        assertInvalid(with("productType", 1), "FIELD_INVALID_FORMAT", "productType");
        assertInvalid(with("productType", true), "FIELD_INVALID_FORMAT", "productType");
        assertInvalid(with("consumerId", List.of("a")), "FIELD_INVALID_FORMAT", "consumerId");
        assertInvalid(with("accountId", Map.of("a", 1)), "FIELD_INVALID_FORMAT", "accountId");
        assertInvalid(with("programId", "p r"), "FIELD_INVALID_FORMAT", "programId");
        assertInvalid(with("proxyNumber", "60395304070338391660"), "FIELD_INVALID_FORMAT", "proxyNumber");
        assertInvalid(with("pan", "411111111111"), "FIELD_INVALID_FORMAT", "pan");
        assertInvalid(with("pan", "4111111111111112"), "FIELD_INVALID_VALUE", "pan");
        // accountId: any text up to 64 characters, not blank, without control characters (as Citi sends it)
        for (String account : List.of("", "   ", "\u00a0", "x".repeat(65), "a\tb", "a\nb", "a\u0000b", "a\u200bb")) {
            assertInvalid(with("accountId", account), "FIELD_INVALID_FORMAT", "accountId");
        }
        // two fields in error: the first in document order is named
        Map<String, Object> two = with("accountId", "a\tb");
        two.put("cardId", "bad card");
        assertInvalid(two, "FIELD_INVALID_FORMAT", "cardId");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body("{\"cardId\":")
                .post("/issuers/{issuerId}/cards", ISSUER), 400, null, null);
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body("[]")
                .post("/issuers/{issuerId}/cards", ISSUER), 400, null, null);
    }

    @Test
    void checksTheCardIdInThePath() {
        assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, "x".repeat(49)),
                400, "FIELD_INVALID_FORMAT", "cardId");
        assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, "bad*id"),
                400, "FIELD_INVALID_FORMAT", "cardId");
        assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, "c$"),
                400, "FIELD_INVALID_FORMAT", "consumerId");
        assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, id("UNKNOWN")),
                404, null, null);
    }

    @Test
    void refusesAnIssuerIdThatIsNotTenCharactersBeforeTheTenantCheck() {
        CardSpec spec = card().create();
        for (String issuer : List.of("ISSUER001", "ISSUER00011", "I")) {
            String cards = "/issuers/" + issuer + "/cards";
            String path = cards + "/" + spec.cardId;
            // a token bound to the caller's own issuer, or to that very id: the format is checked first (400, not 403)
            for (String token : List.of(provisioning(ISSUER), provisioning(issuer))) {
                assertD1(as(token).contentType(ContentType.JSON).body(card().issuer(issuer).body()).post(cards),
                        400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).get(path), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).get(path + "/digitalCards"), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).contentType(ContentType.JSON)
                        .body(Map.of("digitalCardId", id("DC"), "walletProvider", "APPLE_PAY"))
                        .post(path + "/digitalCards"), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).contentType(ContentType.JSON).body(Map.of("status", "BLOCKED"))
                        .post(path + "/status"), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).get(path + "/statusHistory"), 400, "FIELD_INVALID_FORMAT", "issuerId");
                assertD1(as(token).get("/issuers/" + issuer + "/consumers/" + spec.consumerId + "/cards"),
                        400, "FIELD_INVALID_FORMAT", "issuerId");
            }
            // the token and its scope come before the request format
            assertD1(given().get(path), 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
            assertD1(as(tracking(ISSUER)).get(path), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.cards WHERE length(issuer_id) <> 10"));
        assertEquals("ACTIVE", spec.status());
    }

    // ---- access ------------------------------------------------------------------------------------------

    @Test
    void refusesEveryInvalidTokenWith401() {
        CardSpec spec = card().create();
        assertD1(given().contentType(ContentType.JSON).body(card().body()).post("/issuers/{issuerId}/cards", ISSUER),
                401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertD1(given().get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId),
                401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertD1(given().delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, spec.consumerId),
                401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        for (Map.Entry<String, String> invalid : TestTokens.invalidTokens("issuer-backend", ISSUER,
                "cards:provisioning", "cards:internal").entrySet()) {
            Response response = as(invalid.getValue()).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId);
            assertEquals(401, response.statusCode(), invalid.getKey());
            assertD1(response, 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
            assertD1(as(invalid.getValue()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards",
                    ISSUER, spec.consumerId), 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        }
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void refusesAnotherIssuerAndAMissingScopeWith403() {
        CardSpec spec = card().create();
        String path = "/issuers/" + ISSUER + "/cards/" + spec.cardId;
        String otherIssuer = provisioning(OTHER_ISSUER);
        assertD1(as(otherIssuer).contentType(ContentType.JSON).body(card().body()).post("/issuers/" + ISSUER + "/cards"),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(otherIssuer).get(path), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(otherIssuer).get(path + "/digitalCards"), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(otherIssuer).get(path + "/statusHistory"), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(otherIssuer).contentType(ContentType.JSON).body(Map.of("status", "LOST")).post(path + "/status"),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(otherIssuer).get("/issuers/" + ISSUER + "/consumers/" + spec.consumerId + "/cards"),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        // a client bound to no issuer, and a token without the scope
        assertD1(as(TestTokens.partnerToken("partner", "cards:provisioning")).get(path),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(tracking(ISSUER)).get(path), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(as(provisioning(ISSUER)).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards",
                ISSUER, spec.consumerId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertEquals("ACTIVE", spec.status());
    }

    // ---- digital cards -----------------------------------------------------------------------------------

    @Test
    void registersAndListsDigitalCards() {
        CardSpec spec = card().create();
        String first = id("DC");
        as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", first, "walletProvider", "APPLE_PAY", "deviceType", "WATCH"))
                .post("/issuers/{issuerId}/cards/{cardId}/digitalCards", ISSUER, spec.cardId)
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", endsWith("/cards/" + spec.cardId + "/digitalCards/" + first))
                .body("digitalCardId", equalTo(first))
                .body("cardId", equalTo(spec.cardId))
                .body("walletProvider", equalTo("APPLE_PAY"))
                .body("deviceType", equalTo("WATCH"))
                .body("status", equalTo("ACTIVE"))
                .body("createdAt", matchesPattern(ISO_MILLIS));
        String second = id("DC");
        spec.addDigitalCard(second);

        as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}/digitalCards", ISSUER, spec.cardId)
                .then().statusCode(200)
                .body("digitalCards", hasSize(2))
                .body("digitalCards[0].digitalCardId", equalTo(first))
                .body("digitalCards[1].digitalCardId", equalTo(second))
                .body("digitalCards[1].deviceType", nullValue());
        assertEquals(2, TestDatabase.count(
                "SELECT count(*) FROM card.digital_cards WHERE issuer_id = ? AND card_id = ? AND status = 'ACTIVE'",
                ISSUER, spec.cardId));

        // the same id again, even on another card of the issuer, is a conflict
        CardSpec other = card().create();
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", first, "walletProvider", "GOOGLE_PAY"))
                .post("/issuers/{issuerId}/cards/{cardId}/digitalCards", ISSUER, other.cardId), 409, null, null);
    }

    @Test
    void refusesInvalidDigitalCardsAndCardsThatAreNotActive() {
        CardSpec spec = card().create();
        String path = "/issuers/" + ISSUER + "/cards/" + spec.cardId + "/digitalCards";
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("walletProvider", "APPLE_PAY"))
                .post(path), 400, "FIELD_INVALID_FORMAT", "digitalCardId");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", "DC 1", "walletProvider", "APPLE_PAY")).post(path),
                400, "FIELD_INVALID_FORMAT", "digitalCardId");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", id("DC"), "walletProvider", "PAYPAL")).post(path),
                400, "FIELD_INVALID_VALUE", "walletProvider");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", id("DC"), "walletProvider", "APPLE_PAY", "deviceType", "CAR"))
                .post(path), 400, "FIELD_INVALID_VALUE", "deviceType");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", id("DC"), "walletProvider", "APPLE_PAY"))
                .post("/issuers/{issuerId}/cards/{cardId}/digitalCards", ISSUER, id("UNKNOWN")), 404, null, null);

        spec.changeStatus("BLOCKED", "suspected fraud");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", id("DC"), "walletProvider", "APPLE_PAY")).post(path),
                403, "OPERATION_NOT_ALLOWED", "digitalCards");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.digital_cards WHERE card_id = ?", spec.cardId));
    }

    // ---- status ------------------------------------------------------------------------------------------

    @Test
    void movesThroughTheLifecycleAndDigitalCardsFollow() {
        CardSpec spec = card().create();
        String digital = id("DC");
        spec.addDigitalCard(digital);

        as(provisioning(ISSUER)).header("x-correlation-id", "block-1").contentType(ContentType.JSON)
                .body(Map.of("status", "BLOCKED", "reason", "customer called"))
                .post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER, spec.cardId)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("x-correlation-id", "block-1")
                .body("cardId", equalTo(spec.cardId))
                .body("status", equalTo("BLOCKED"))
                .body("statusReason", equalTo("customer called"));
        assertEquals("SUSPENDED", digitalStatus(digital));

        spec.changeStatus("ACTIVE", null);
        assertEquals("ACTIVE", digitalStatus(digital));
        spec.changeStatus("LOST", "lost abroad");
        assertEquals("DELETED", digitalStatus(digital));

        // LOST is final: only DELETED may follow
        for (String forbidden : List.of("ACTIVE", "BLOCKED", "STOLEN")) {
            assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("status", forbidden))
                    .post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER, spec.cardId),
                    403, "OPERATION_NOT_ALLOWED", "status");
        }
        assertEquals("LOST", spec.status());
        spec.changeStatus("DELETED", null);
        for (String forbidden : List.of("ACTIVE", "BLOCKED", "LOST", "STOLEN")) {
            assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("status", forbidden))
                    .post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER, spec.cardId),
                    403, "OPERATION_NOT_ALLOWED", "status");
        }
        assertEquals("DELETED", spec.status());
        assertNull(TestDatabase.query("SELECT pan_digest FROM card.cards WHERE card_id = ?", spec.cardId).get(0)
                .get("pan_digest"), "a deleted card forgets its PAN digest");
    }

    @Test
    void recordsWhoAskedWhyAndWhenNewestFirst() {
        CardSpec spec = card().create();
        as(provisioning(ISSUER)).header("x-correlation-id", "corr-block").contentType(ContentType.JSON)
                .body(Map.of("status", "BLOCKED", "reason", "customer called"))
                .post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER, spec.cardId).then().statusCode(200);
        // the same request again: harmless, no history row
        spec.changeStatus("BLOCKED", "customer called");
        // a new reason for the temporary block is recorded
        spec.changeStatus("BLOCKED", "fraud check");
        spec.changeStatus("STOLEN", "police report 123");
        spec.changeStatus("STOLEN", "another reason");

        as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}/statusHistory", ISSUER, spec.cardId)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("cardId", equalTo(spec.cardId))
                .body("statusHistory", hasSize(4))
                .body("statusHistory[0].fromStatus", equalTo("BLOCKED"))
                .body("statusHistory[0].toStatus", equalTo("STOLEN"))
                .body("statusHistory[0].reason", equalTo("police report 123"))
                .body("statusHistory[1].fromStatus", equalTo("BLOCKED"))
                .body("statusHistory[1].toStatus", equalTo("BLOCKED"))
                .body("statusHistory[1].reason", equalTo("fraud check"))
                .body("statusHistory[2].fromStatus", equalTo("ACTIVE"))
                .body("statusHistory[2].toStatus", equalTo("BLOCKED"))
                .body("statusHistory[2].reason", equalTo("customer called"))
                .body("statusHistory[2].source", equalTo("ISSUER_API"))
                .body("statusHistory[2].requestedBy", equalTo("issuer-backend-" + ISSUER))
                .body("statusHistory[2].requestId", equalTo("corr-block"))
                .body("statusHistory[2].changedAt", matchesPattern(ISO_MILLIS))
                .body("statusHistory[3].fromStatus", nullValue())
                .body("statusHistory[3].toStatus", equalTo("ACTIVE"))
                .body("statusHistory[3].source", equalTo("PROVISIONING"));
        assertEquals(4, TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE card_id = ?",
                spec.cardId));
        assertEquals("police report 123", TestDatabase.query(
                "SELECT status_reason FROM card.cards WHERE card_id = ?", spec.cardId).get(0).get("status_reason"));
    }

    @Test
    void refusesAnUnknownStatusOrAMalformedReason() {
        CardSpec spec = card().create();
        String path = "/issuers/" + ISSUER + "/cards/" + spec.cardId + "/status";
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("status", "FROZEN")).post(path),
                400, "FIELD_INVALID_VALUE", "status");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("reason", "x")).post(path),
                400, "FIELD_INVALID_FORMAT", "status");
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("status", "BLOCKED", "reason", "no!")).post(path), 400, "FIELD_INVALID_FORMAT", "reason");
        assertEquals("ACTIVE", spec.status());
    }

    // ---- consumer deletion cascade -----------------------------------------------------------------------

    @Test
    void deletesEveryCardAndDigitalCardOfAConsumerIdempotently() {
        String consumer = id("consumer");
        CardSpec first = card().consumer(consumer).create();
        first.addDigitalCard(id("DC"));
        first.addDigitalCard(id("DC"));
        CardSpec blocked = card().consumer(consumer).create();
        blocked.addDigitalCard(id("DC"));
        blocked.changeStatus("BLOCKED", null);
        CardSpec lost = card().consumer(consumer).create();
        lost.changeStatus("LOST", null);
        CardSpec otherConsumer = card().create();
        otherConsumer.addDigitalCard(id("DC"));
        CardSpec otherIssuer = card().issuer(OTHER_ISSUER).consumer(consumer).create();

        as(internal()).header("x-correlation-id", "cascade-1")
                .delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, consumer)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("deletedCards", equalTo(3))
                .body("deletedDigitalCards", equalTo(3));

        assertEquals(3, TestDatabase.count("SELECT count(*) FROM card.cards WHERE issuer_id = ? AND consumer_id = ? "
                + "AND status = 'DELETED' AND pan_digest IS NULL", ISSUER, consumer));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.digital_cards d JOIN card.cards c USING "
                + "(issuer_id, card_id) WHERE c.consumer_id = ? AND c.issuer_id = ? AND d.status <> 'DELETED'",
                consumer, ISSUER));
        List<Map<String, Object>> history = TestDatabase.query("SELECT * FROM card.card_status_history "
                + "WHERE issuer_id = ? AND card_id = ? ORDER BY id DESC", ISSUER, lost.cardId);
        assertEquals("LOST", history.get(0).get("from_status"));
        assertEquals("DELETED", history.get(0).get("to_status"));
        assertEquals("CONSUMER_DELETION", history.get(0).get("source"));
        assertEquals("CONSUMER_DELETED", history.get(0).get("reason_code"));
        assertEquals("consumer-service", history.get(0).get("requested_by"));
        assertEquals("cascade-1", history.get(0).get("request_id"));
        assertEquals("ACTIVE", otherConsumer.status());
        assertEquals("ACTIVE", otherIssuer.status());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.digital_cards WHERE card_id = ? "
                + "AND status = 'ACTIVE'", otherConsumer.cardId));

        // a retry (the first answer lost): nothing written, the first call's counts again
        long rows = TestDatabase.count("SELECT count(*) FROM card.card_status_history");
        as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, consumer)
                .then().statusCode(200)
                .body("deletedCards", equalTo(3))
                .body("deletedDigitalCards", equalTo(3));
        assertEquals(rows, TestDatabase.count("SELECT count(*) FROM card.card_status_history"));
        as(provisioning(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, consumer)
                .then().statusCode(200)
                .body("cards", hasSize(3))
                .body("cards.status", equalTo(List.of("DELETED", "DELETED", "DELETED")));
    }

    @Test
    void cascadeOfAConsumerWithoutCardsAndMalformedIds() {
        as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, id("nobody"))
                .then().statusCode(200)
                .body("deletedCards", equalTo(0))
                .body("deletedDigitalCards", equalTo(0));
        assertD1(as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER,
                "x".repeat(65)), 400, "FIELD_INVALID_FORMAT", "consumerId");
        for (String issuer : List.of("ISSUER001", "ISSUER00011")) {
            assertD1(as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", issuer,
                    "c1"), 400, "FIELD_INVALID_FORMAT", "issuerId");
        }
    }

    // ---- the HTTP edge in the D1 dialect -----------------------------------------------------------------

    @Test
    void answersEdgeFailuresInTheD1Dialect() {
        assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/nothing-here", ISSUER), 404, null, null);
        assertD1(given().get("/no/such/path"), 404, null, null);
        assertD1(as(provisioning(ISSUER)).put("/issuers/{issuerId}/cards", ISSUER), 405, null, null);
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.TEXT).body("cardId=1")
                .post("/issuers/{issuerId}/cards", ISSUER), 415, null, null);
        assertD1(as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body("{\"cardId\":\"" + "x".repeat(70_000) + "\"}")
                .post("/issuers/{issuerId}/cards", ISSUER), 413, null, null);
        assertD1(as(provisioning(ISSUER)).header("x-correlation-id", "not valid!")
                .get("/issuers/{issuerId}/cards/{cardId}", ISSUER, "C1"), 400, "FIELD_INVALID_FORMAT", "x-correlation-id");
        assertD1(as(provisioning(ISSUER)).header("x-correlation-id", "x".repeat(65))
                .get("/issuers/{issuerId}/cards/{cardId}", ISSUER, "C1"), 400, "FIELD_INVALID_FORMAT", "x-correlation-id");
    }

    @Test
    void echoesTheCorrelationIdOrGeneratesOne() {
        CardSpec spec = card().create();
        as(provisioning(ISSUER)).header("x-correlation-id", "abc_DEF-123")
                .get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId)
                .then().statusCode(200).header("x-correlation-id", "abc_DEF-123");
        String generated = as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId)
                .then().statusCode(200).extract().header("x-correlation-id");
        assertTrue(generated.matches("^[A-Za-z0-9_-]{1,64}$"), generated);
        given().get("/no/such/path").then().statusCode(404).header("x-correlation-id", notNullValue());
    }

    @Test
    void servesHealthMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        String openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/issuers/{issuerId}/physicalCards/{cardId}/operations:track",
                "/v1/cards/status/detail", "/issuers/{issuerId}/cards", "/internal/carrier-events",
                "/.well-known/tracking-jwks.json", "/internal/issuers/{issuerId}/consumers/{consumerId}/cards")) {
            assertTrue(openapi.contains(path), path);
        }
        assertTrue(openapi.contains("CRYPTO_ERROR"), "D1 seed examples are in the OpenAPI document");
        assertTrue(openapi.contains("invalidRequest"), "Citi seed examples are in the OpenAPI document");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static String digitalStatus(String digitalCardId) {
        return (String) TestDatabase.query("SELECT status FROM card.digital_cards WHERE digital_card_id = ?",
                digitalCardId).get(0).get("status");
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(card().body());
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> body = new LinkedHashMap<>(card().body());
        body.remove(field);
        return body;
    }

    private static void assertInvalid(Map<String, Object> body, String errorCode, String field) {
        Response response = as(provisioning(ISSUER)).contentType(ContentType.JSON).body(body)
                .post("/issuers/{issuerId}/cards", ISSUER);
        assertD1(response, 400, errorCode, field);
        Object cardId = body.get("cardId");
        if (cardId instanceof String s) {
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.cards WHERE card_id = ?", s));
        }
        assertNotEquals(201, response.statusCode());
    }
}
