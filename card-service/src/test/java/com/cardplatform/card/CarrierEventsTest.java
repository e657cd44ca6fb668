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

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Carrier and card bureau updates: they move operations forward only, once per event id. */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class CarrierEventsTest {

    private static final String EVENTS = "/internal/carrier-events";
    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void movesAShipmentForwardAndIgnoresDuplicatesAndLateUpdates() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, "DHL", number);

        String first = id("evt");
        event(first, null, "DHL", number, "IN_TRANSIT", T0)
                .body("eventId", equalTo(first))
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "PENDING", "CARD_SHIPPED", "IN_TRANSIT");

        // the same event again (a carrier's retry): its original result, not applied twice
        event(first, null, "DHL", number, "IN_TRANSIT", T0)
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(1));
        // another event reusing the id: a duplicate, acknowledged and ignored
        event(first, null, "DHL", number, "OUT_FOR_DELIVERY", T0.plusSeconds(60))
                .body("duplicate", equalTo(true))
                .body("appliedOperations", equalTo(0));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_events WHERE event_id = ?", first));
        assertOperation(spec, operationId, "PENDING", "CARD_SHIPPED", "IN_TRANSIT");

        event(id("evt"), null, "DHL", number, "OUT_FOR_DELIVERY", T0.plusSeconds(3600))
                .body("appliedOperations", equalTo(1));
        // a late IN_TRANSIT (new event id, older time) never moves it backwards
        event(id("evt"), null, "DHL", number, "IN_TRANSIT", T0.plusSeconds(1800))
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(0));
        assertOperation(spec, operationId, "PENDING", "CARD_SHIPPED", "OUT_FOR_DELIVERY");

        event(id("evt"), null, "DHL", number, "DELIVERED", T0.plusSeconds(7200))
                .body("appliedOperations", equalTo(1));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_DELIVERED", "DELIVERED")
                .body("endTime", matchesPattern(ISO_MILLIS));
        // nothing moves a finished operation
        event(id("evt"), null, "DHL", number, "LOST", T0.plusSeconds(9000))
                .body("appliedOperations", equalTo(0));
        assertOperation(spec, operationId, "SUCCESSFUL", "CARD_DELIVERED", "DELIVERED");
        assertEquals(T0.plusSeconds(7200), ((java.sql.Timestamp) TestDatabase.query(
                "SELECT last_event_at FROM card.tracking_operations WHERE operation_id = ?", operationId).get(0)
                .get("last_event_at")).toInstant());
    }

    @Test
    void aFinalUpdateArrivingFirstWinsOverEarlierOnes() {
        CardSpec spec = card().create();
        String number = "1Z" + System.nanoTime();
        String operationId = shipment(spec, "UPS", number);
        event(id("evt"), null, "UPS", number, "RETURNED_TO_SENDER", T0.plusSeconds(7200))
                .body("appliedOperations", equalTo(1));
        event(id("evt"), null, "UPS", number, "IN_TRANSIT", T0)
                .body("appliedOperations", equalTo(0));
        event(id("evt"), null, "UPS", number, "OUT_FOR_DELIVERY", T0.plusSeconds(60))
                .body("appliedOperations", equalTo(0));
        assertOperation(spec, operationId, "FAILED", "CARD_RETURNED", "RETURNED_TO_SENDER");
    }

    @Test
    void followsReturnsAndProductionByOperationId() {
        CardSpec spec = card().create();
        String returnId = track(spec, "RETURN", encrypt(currentKey(), spec.cardData("FEDEX", "7946985" + System.nanoTime() % 100000)))
                .then().statusCode(200).extract().path("operationId");
        event(id("evt"), returnId, null, null, "DELIVERED", T0).body("appliedOperations", equalTo(1));
        assertOperation(spec, returnId, "SUCCESSFUL", "CARD_RETURNED", "DELIVERED");

        String production = track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        // a carrier status does not concern a production operation
        event(id("evt"), production, null, null, "DELIVERED", T0).body("appliedOperations", equalTo(0));
        event(id("evt"), production, null, null, "PRODUCTION_FAILED", T0).body("appliedOperations", equalTo(1));
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, production)
                .then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("details.status", equalTo("CARD_PRODUCTION_FAILED"))
                .body("details", not(hasKey("shipment")))
                .body("endTime", matchesPattern(ISO_MILLIS));

        String produced = track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        event(id("evt"), produced, null, null, "PRODUCED", T0).body("appliedOperations", equalTo(1));
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, produced)
                .then().statusCode(200)
                .body("status", equalTo("SUCCESSFUL"))
                .body("details.status", equalTo("CARD_PRODUCED"));
    }

    @Test
    void acknowledgesUpdatesForUnknownShipments() {
        event(id("evt"), null, "DHL", "JD-NOBODY-" + System.nanoTime(), "IN_TRANSIT", T0)
                .body("duplicate", equalTo(false))
                .body("appliedOperations", equalTo(0));
    }

    @Test
    void acceptsPlatformClientsAndRefusesOthers() {
        Map<String, Object> body = body(id("evt"), null, "DHL", "JD0001", "IN_TRANSIT", T0);
        as(internal()).contentType(ContentType.JSON).body(body).post(EVENTS).then().statusCode(200);
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
        assertInvalid(body(null, null, "DHL", "JD0001", "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "eventId");
        assertInvalid(body("evt 1", null, "DHL", "JD0001", "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "eventId");
        assertInvalid(body(id("evt"), "op*1", null, null, "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "operationId");
        assertInvalid(body(id("evt"), null, "dhl", "JD0001", "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "carrier");
        assertInvalid(body(id("evt"), null, "DHL", "JD 1", "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "trackingNumber");
        assertInvalid(body(id("evt"), null, "DHL", "JD0001", "TELEPORTED", T0), "FIELD_INVALID_VALUE", "status");
        assertInvalid(body(id("evt"), null, "DHL", "JD0001", null, T0), "FIELD_INVALID_FORMAT", "status");
        assertInvalid(body(id("evt"), null, "DHL", "JD0001", "IN_TRANSIT", null), "FIELD_INVALID_FORMAT", "occurredAt");
        Map<String, Object> badTime = body(id("evt"), null, "DHL", "JD0001", "IN_TRANSIT", T0);
        badTime.put("occurredAt", "yesterday");
        assertD1(as(carrierIntegration()).contentType(ContentType.JSON).body(badTime).post(EVENTS),
                400, "FIELD_INVALID_VALUE", "occurredAt");
        assertInvalid(body(id("evt"), null, null, null, "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "carrier");
        assertInvalid(body(id("evt"), null, "DHL", null, "IN_TRANSIT", T0), "FIELD_INVALID_FORMAT", "trackingNumber");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static String shipment(CardSpec spec, String carrier, String number) {
        return track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData(carrier, number)))
                .then().statusCode(200).extract().path("operationId");
    }

    private static Map<String, Object> body(String eventId, String operationId, String carrier, String number,
            String status, Instant occurredAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("operationId", operationId);
        body.put("carrier", carrier);
        body.put("trackingNumber", number);
        body.put("status", status);
        body.put("occurredAt", occurredAt == null ? null : occurredAt.toString());
        body.values().removeIf(java.util.Objects::isNull);
        return body;
    }

    private static ValidatableResponse event(String eventId, String operationId, String carrier, String number,
            String status, Instant occurredAt) {
        return as(carrierIntegration()).contentType(ContentType.JSON)
                .body(body(eventId, operationId, carrier, number, status, occurredAt))
                .post(EVENTS)
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    private static void assertInvalid(Map<String, Object> body, String errorCode, String field) {
        assertD1(as(carrierIntegration()).contentType(ContentType.JSON).body(body).post(EVENTS), 400, errorCode, field);
    }

    private static ValidatableResponse assertOperation(CardSpec spec, String operationId, String status,
            String detailsStatus, String shipmentStatus) {
        return as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId)
                .then().statusCode(200)
                .body("status", equalTo(status))
                .body("details.status", equalTo(detailsStatus))
                .body("details.shipment.status", equalTo(shipmentStatus));
    }
}
