package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISO_MILLIS;
import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.carrierIntegration;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.runtime.security.TokenAudiences;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Carrier and card bureau updates, and the tracking state machine of D1's "Tracking hub" guide: PRODUCTION has one
 * outcome (SUCCESSFUL, CARD_SHIPPED); SHIPMENT is PENDING, then SUCCESSFUL at every change of shipment data; RETURN
 * has one outcome (SUCCESSFUL, CARD_RETURNED). Each event id counts once; older data never replaces newer.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class CarrierEventsTest {

    private static final String EVENTS = "/internal/carrier-events";
    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final String AWAITING = "Shipment information received, awaiting the carrier";

    // ---- SHIPMENT ----------------------------------------------------------------------------------------

    @Test
    void aShipmentIsPendingThenSuccessfulAtEveryChangeOfShipmentData() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, "dhl", number);
        read(spec, operationId)
                .body("status", equalTo("PENDING"))
                .body("$", not(hasKey("endTime")))
                .body("details.status", equalTo("CARD_SHIPPED"))
                .body("details.shipment.status", equalTo("INFO_RECEIVED"))
                .body("details.shipment.message", equalTo(AWAITING));

        // the first change of shipment data: SUCCESSFUL, with the carrier's message normalised for display
        event(body(id("evt"), null, "dhl", number, "IN_TRANSIT", T0,
                "  Shipment arrived at\tthe sort facility\r\n  LEIPZIG - GERMANY\u200b "))
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(1));
        String endTime = read(spec, operationId)
                .body("status", equalTo("SUCCESSFUL"))
                .body("endTime", matchesPattern(ISO_MILLIS))
                .body("details.status", equalTo("CARD_SHIPPED"))
                .body("details.shipment.carrier", equalTo("dhl"))
                .body("details.shipment.trackingNumber", equalTo(number))
                .body("details.shipment.status", equalTo("IN_TRANSIT"))
                .body("details.shipment.message", equalTo("Shipment arrived at the sort facility LEIPZIG - GERMANY"))
                .body("details.shipment.trackingUrl",
                        equalTo("https://www.dhl.com/global-en/home/tracking.html?tracking-id=" + number))
                .extract().path("endTime");

        // every later change updates it; without a message of the carrier's, the status's own is shown
        event(body(id("evt"), null, "dhl", number, "OUT_FOR_DELIVERY", T0.plusSeconds(3600), null))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "OUT_FOR_DELIVERY")
                .body("details.shipment.message", equalTo("Out for delivery"));
        event(body(id("evt"), null, "dhl", number, "DELIVERED", T0.plusSeconds(7200), "Delivered - Signed for by: J"))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "DELIVERED")
                .body("details.shipment.message", equalTo("Delivered - Signed for by: J"))
                // it completed at its first SUCCESSFUL update
                .body("endTime", equalTo(endTime));
        assertEquals(T0.plusSeconds(7200), lastEventAt(operationId));
    }

    @Test
    void aLostOrReturnedParcelIsReportedInTheShipmentNeverAsAFailure() {
        CardSpec spec = card().create();
        String number = "1Z" + System.nanoTime();
        String operationId = shipment(spec, "ups", number);
        event(body(id("evt"), null, "ups", number, "LOST", T0, null)).body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "LOST")
                .body("details.shipment.message", equalTo("Lost by the carrier"));

        event(body(id("evt"), null, "ups", number, "RETURNED_TO_SENDER", T0.plusSeconds(60), null))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_RETURNED", "RETURNED_TO_SENDER")
                .body("details.shipment.message", equalTo("Returned to sender"));

        // shipment data keeps changing after a "final" status: the parcel is sent again
        event(body(id("evt"), null, "ups", number, "IN_TRANSIT", T0.plusSeconds(120), null))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "IN_TRANSIT");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM card.tracking_operations WHERE status = 'FAILED' "
                + "AND card_id = ?", spec.cardId));
    }

    @Test
    void olderShipmentDataNeverReplacesNewer() {
        CardSpec spec = card().create();
        String number = "1Z" + System.nanoTime();
        String operationId = shipment(spec, "ups", number);
        event(body(id("evt"), null, "ups", number, "RETURNED_TO_SENDER", T0.plusSeconds(7200), null))
                .body("appliedOperations", equalTo(1));
        // updates that happened before it, arriving late
        event(body(id("evt"), null, "ups", number, "IN_TRANSIT", T0, null)).body("appliedOperations", equalTo(0));
        event(body(id("evt"), null, "ups", number, "OUT_FOR_DELIVERY", T0.plusSeconds(60), null))
                .body("appliedOperations", equalTo(0));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_RETURNED", "RETURNED_TO_SENDER");

        // at the same time, the later step of a delivery wins: DELIVERED over OUT_FOR_DELIVERY, not the reverse
        String other = "1Z" + System.nanoTime();
        String second = shipment(spec, "ups", other);
        event(body(id("evt"), null, "ups", other, "OUT_FOR_DELIVERY", T0, null)).body("appliedOperations", equalTo(1));
        event(body(id("evt"), null, "ups", other, "DELIVERED", T0, null)).body("appliedOperations", equalTo(1));
        event(body(id("evt"), null, "ups", other, "IN_TRANSIT", T0, null)).body("appliedOperations", equalTo(0));
        assertOperation(spec, second, "SUCCESSFUL", "CARD_SHIPPED", "DELIVERED");
    }

    @Test
    void anEventIdCountsOnce() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, "dhl", number);
        String first = id("evt");
        Map<String, Object> original = body(first, null, "dhl", number, "IN_TRANSIT", T0, "Processed at  HUB");
        event(original).body("eventId", equalTo(first)).body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(1));

        // the same event again (a carrier's retry): its original result, not applied twice
        event(original).body("duplicate", equalTo(false)).body("appliedOperations", equalTo(1));
        // another event reusing the id (another status, another message): a duplicate, acknowledged and ignored
        event(body(first, null, "dhl", number, "OUT_FOR_DELIVERY", T0.plusSeconds(60), "Processed at  HUB"))
                .body("duplicate", equalTo(true)).body("appliedOperations", equalTo(0));
        event(body(first, null, "dhl", number, "IN_TRANSIT", T0, "Processed at HUB 2"))
                .body("duplicate", equalTo(true)).body("appliedOperations", equalTo(0));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_events WHERE event_id = ?", first));
        assertEquals("Processed at HUB", TestDatabase.query("SELECT message FROM card.tracking_events WHERE event_id = ?",
                first).get(0).get("message"));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "IN_TRANSIT")
                .body("details.shipment.message", equalTo("Processed at HUB"));
    }

    @Test
    void aCarrierCodeD1AddsLaterIsFollowedLikeAnyOther() {
        CardSpec spec = card().create();
        String number = "MX" + System.nanoTime();
        String operationId = shipment(spec, "correos-de-mexico", number);
        event(body(id("evt"), null, "correos-de-mexico", number, "IN_TRANSIT", T0, null))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_SHIPPED", "IN_TRANSIT")
                .body("details.shipment.carrier", equalTo("correos-de-mexico"))
                .body("details.shipment", not(hasKey("trackingUrl")));
        // the same tracking number with another carrier is another parcel
        event(body(id("evt"), null, "estafeta", number, "DELIVERED", T0.plusSeconds(60), null))
                .body("appliedOperations", equalTo(0));
    }

    // ---- PRODUCTION --------------------------------------------------------------------------------------

    @Test
    void aProductionHasOneOutcomeCardShipped() {
        CardSpec spec = card().create();
        String production = track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        // carrier statuses do not concern a production
        for (String status : List.of("IN_TRANSIT", "DELIVERED", "LOST", "RETURNED_TO_SENDER")) {
            event(body(id("evt"), production, null, null, status, T0, null)).body("appliedOperations", equalTo(0));
        }
        read(spec, production)
                .body("status", equalTo("PENDING"))
                .body("details", not(hasKey("status")))
                .body("details", not(hasKey("productionSite")));

        Map<String, Object> produced = body(id("evt"), production, null, null, "PRODUCED", T0, null);
        produced.put("productionSite", "FR-GEMENOS-01");
        event(produced).body("appliedOperations", equalTo(1));
        read(spec, production)
                .body("status", equalTo("SUCCESSFUL"))
                .body("endTime", matchesPattern(ISO_MILLIS))
                .body("details.trackingType", equalTo("PRODUCTION"))
                .body("details.productionSite", equalTo("FR-GEMENOS-01"))
                .body("details.status", equalTo("CARD_SHIPPED"))
                .body("details", not(hasKey("shipment")));

        // one outcome: nothing changes it again
        Map<String, Object> again = body(id("evt"), production, null, null, "PRODUCED", T0.plusSeconds(60), null);
        again.put("productionSite", "MX-TOLUCA-02");
        event(again).body("appliedOperations", equalTo(0));
        read(spec, production).body("details.productionSite", equalTo("FR-GEMENOS-01"));
        // and D1 has no failed production: the old PRODUCTION_FAILED is not a status any more
        assertD1(as(carrierIntegration()).contentType(ContentType.JSON)
                .body(body(id("evt"), production, null, null, "PRODUCTION_FAILED", T0, null)).post(EVENTS),
                400, "FIELD_INVALID_VALUE", "status");
    }

    @Test
    void aProductionUpdateDoesNotConcernShipmentsOrReturns() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String shipment = shipment(spec, "dhl", number);
        event(body(id("evt"), shipment, null, null, "PRODUCED", T0, null)).body("appliedOperations", equalTo(0));
        assertOperation(spec, shipment, "PENDING", "CARD_SHIPPED", "INFO_RECEIVED");
    }

    // ---- RETURN ------------------------------------------------------------------------------------------

    @Test
    void aReturnHasOneOutcomeCardReturnedAndFollowsItsParcelUntilThen() {
        CardSpec spec = card().create();
        String number = "7946985" + System.nanoTime() % 100_000;
        String returned = track(spec, "RETURN", encrypt(currentKey(), spec.cardData("fedex", number)))
                .then().statusCode(200).extract().path("operationId");
        event(body(id("evt"), null, "fedex", number, "IN_TRANSIT", T0, null)).body("appliedOperations", equalTo(1));
        read(spec, returned)
                .body("status", equalTo("PENDING"))
                .body("$", not(hasKey("endTime")))
                .body("details", not(hasKey("status")))
                .body("details.shipment.status", equalTo("IN_TRANSIT"));
        event(body(id("evt"), null, "fedex", number, "LOST", T0.plusSeconds(3600), "Package lost in transit"))
                .body("appliedOperations", equalTo(1));
        read(spec, returned)
                .body("status", equalTo("PENDING"))
                .body("details", not(hasKey("status")))
                .body("details.shipment.status", equalTo("LOST"))
                .body("details.shipment.message", equalTo("Package lost in transit"));

        // the returned card is delivered back: the one outcome, even reported with an earlier time than the last
        event(body(id("evt"), null, "fedex", number, "DELIVERED", T0.plusSeconds(1800), null))
                .body("appliedOperations", equalTo(1));
        read(spec, returned)
                .body("status", equalTo("SUCCESSFUL"))
                .body("endTime", matchesPattern(ISO_MILLIS))
                .body("details.status", equalTo("CARD_RETURNED"))
                .body("details.shipment.status", equalTo("DELIVERED"))
                .body("details.shipment.message", equalTo("Delivered"));
        // and nothing changes it again
        event(body(id("evt"), null, "fedex", number, "IN_TRANSIT", T0.plusSeconds(9000), null))
                .body("appliedOperations", equalTo(0));
        read(spec, returned).body("details.shipment.status", equalTo("DELIVERED"));
    }

    @Test
    void aReturnWithoutCarrierIsCompletedByOperationId() {
        CardSpec spec = card().create();
        String returned = track(spec, "RETURN", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        event(body(id("evt"), returned, null, null, "DELIVERED", T0, null)).body("appliedOperations", equalTo(1));
        read(spec, returned)
                .body("status", equalTo("SUCCESSFUL"))
                .body("details.status", equalTo("CARD_RETURNED"))
                .body("details", not(hasKey("shipment")));
    }

    // ---- the ingestion endpoint --------------------------------------------------------------------------

    @Test
    void acknowledgesUpdatesForUnknownShipments() {
        event(body(id("evt"), null, "dhl", "JD-NOBODY-" + System.nanoTime(), "IN_TRANSIT", T0, null))
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(0));
    }

    @Test
    void acceptsTheCarrierScopeOnlyInAnInternalToken() {
        Map<String, Object> body = body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0, null);
        as(carrierIntegration()).contentType(ContentType.JSON).body(body).post(EVENTS).then().statusCode(200);
        // its own scope: consumer-service's cards:internal does not open it
        assertD1(as(internal()).contentType(ContentType.JSON).body(body).post(EVENTS),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        // the carrier scope in a token of the partners' audience acts with nothing
        String partnerAudience = TestTokens.sign(TestTokens.claims("carrier-hub", null, "cards:carrier-events")
                .audience(TokenAudiences.PARTNER));
        assertD1(as(partnerAudience).contentType(ContentType.JSON).body(body).post(EVENTS),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1(given().contentType(ContentType.JSON).body(body).post(EVENTS),
                401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        for (String token : TestTokens.invalidTokens("carrier-hub", null, "cards:carrier-events").values()) {
            assertD1(as(token).contentType(ContentType.JSON).body(body).post(EVENTS),
                    401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        }
        assertD1(as(tracking(ISSUER)).contentType(ContentType.JSON).body(body).post(EVENTS),
                403, "AUTHORIZER_FORBIDDEN", "not_authorized");
    }

    @Test
    void namesTheFirstInvalidFieldOfAnEvent() {
        assertInvalid(body(null, null, "dhl", "JD0001", "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT", "eventId");
        assertInvalid(body("evt 1", null, "dhl", "JD0001", "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT", "eventId");
        assertInvalid(body(id("evt"), "op*1", null, null, "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT", "operationId");
        // carrier codes are D1's: the upper case codes of before are refused
        for (String carrier : List.of("DHL", "USPS", "dhl_express", "-dhl")) {
            assertInvalid(body(id("evt"), null, carrier, "JD0001", "IN_TRANSIT", T0, null),
                    "FIELD_INVALID_FORMAT", "carrier");
        }
        assertInvalid(body(id("evt"), null, "dhl", "JD 1", "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT",
                "trackingNumber");
        assertInvalid(body(id("evt"), null, "dhl", "JD0001", "TELEPORTED", T0, null), "FIELD_INVALID_VALUE", "status");
        assertInvalid(body(id("evt"), null, "dhl", "JD0001", null, T0, null), "FIELD_INVALID_FORMAT", "status");
        assertInvalid(body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", null, null), "FIELD_INVALID_FORMAT",
                "occurredAt");
        Map<String, Object> badTime = body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0, null);
        badTime.put("occurredAt", "yesterday");
        assertD1(as(carrierIntegration()).contentType(ContentType.JSON).body(badTime).post(EVENTS),
                400, "FIELD_INVALID_VALUE", "occurredAt");
        assertInvalid(body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0, "x".repeat(1025)),
                "FIELD_INVALID_FORMAT", "message");
        Map<String, Object> numericMessage = body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0, null);
        numericMessage.put("message", 12);
        assertInvalid(numericMessage, "FIELD_INVALID_FORMAT", "message");
        Map<String, Object> badSite = body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0, null);
        badSite.put("productionSite", "site one");
        assertInvalid(badSite, "FIELD_INVALID_FORMAT", "productionSite");
        assertInvalid(body(id("evt"), null, null, null, "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT", "carrier");
        assertInvalid(body(id("evt"), null, "dhl", null, "IN_TRANSIT", T0, null), "FIELD_INVALID_FORMAT",
                "trackingNumber");
    }

    @Test
    void aLongCarrierMessageIsShortenedForDisplay() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, "dhl", number);
        String words = "word ".repeat(200);
        event(body(id("evt"), null, "dhl", number, "IN_TRANSIT", T0, words)).body("appliedOperations", equalTo(1));
        String shown = read(spec, operationId).extract().path("details.shipment.message");
        assertEquals(words.substring(0, 256).strip(), shown);
        assertNotEquals(words.strip(), shown);
        // blank is no message: the status's own is shown
        event(body(id("evt"), null, "dhl", number, "OUT_FOR_DELIVERY", T0.plusSeconds(1), " \t\n\u200b "))
                .body("appliedOperations", equalTo(1));
        read(spec, operationId).body("details.shipment.message", equalTo("Out for delivery"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static String shipment(CardSpec spec, String carrier, String number) {
        return track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData(carrier, number)))
                .then().statusCode(200).extract().path("operationId");
    }

    static Map<String, Object> body(String eventId, String operationId, String carrier, String number,
            String status, Instant occurredAt, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("operationId", operationId);
        body.put("carrier", carrier);
        body.put("trackingNumber", number);
        body.put("status", status);
        body.put("occurredAt", occurredAt == null ? null : occurredAt.toString());
        body.put("message", message);
        body.values().removeIf(java.util.Objects::isNull);
        return body;
    }

    private static ValidatableResponse event(Map<String, Object> body) {
        return as(carrierIntegration()).contentType(ContentType.JSON)
                .body(body)
                .post(EVENTS)
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    private static void assertInvalid(Map<String, Object> body, String errorCode, String field) {
        assertD1(as(carrierIntegration()).contentType(ContentType.JSON).body(body).post(EVENTS), 400, errorCode, field);
    }

    private static ValidatableResponse read(CardSpec spec, String operationId) {
        return as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("operationId", equalTo(operationId))
                .body("operation", equalTo("STANDALONE_TRACKING"));
    }

    private static ValidatableResponse assertOperation(CardSpec spec, String operationId, String status,
            String detailsStatus, String shipmentStatus) {
        return read(spec, operationId)
                .body("status", equalTo(status))
                .body("details.status", equalTo(detailsStatus))
                .body("details.shipment.status", equalTo(shipmentStatus));
    }

    private static Instant lastEventAt(String operationId) {
        return ((java.sql.Timestamp) TestDatabase.query(
                "SELECT last_event_at FROM card.tracking_operations WHERE operation_id = ?", operationId).get(0)
                .get("last_event_at")).toInstant();
    }
}
