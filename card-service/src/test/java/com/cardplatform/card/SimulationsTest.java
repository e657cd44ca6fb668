package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.OTHER_ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sandbox simulations (enabled outside production): a partner moves its card's parcel as a carrier would. */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class SimulationsTest {

    static final String SIMULATE = "/simulations/issuers/{issuerId}/physicalCards/{cardId}/tracking";
    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";

    static Map<String, Object> body(String event, String carrier, String trackingNumber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        if (carrier != null) {
            body.put("carrier", carrier);
        }
        if (trackingNumber != null) {
            body.put("trackingNumber", trackingNumber);
        }
        return body;
    }

    static Response simulate(String token, String issuer, String cardId, Map<String, Object> body) {
        return as(token).contentType(ContentType.JSON).body(body).post(SIMULATE, issuer, cardId);
    }

    static long operationEvents(String operationId) {
        return TestDatabase.count("SELECT count(*) FROM card.outbox_event WHERE entity_id = ? AND "
                + "event_type = 'tracking.operation.updated'", operationId);
    }

    @Test
    void aSimulatedCarrierUpdateMovesTheOperationAndPublishesIt() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", number)))
                .then().statusCode(200).extract().path("operationId");
        assertEquals(1, operationEvents(operationId));

        // without carrier and number: the card's latest open shipment
        simulate(tracking(ISSUER), ISSUER, spec.cardId, body("in_transit", null, null)).then().statusCode(200)
                .body("operationId", equalTo(operationId))
                .body("status", equalTo("SUCCESSFUL"))
                .body("details.shipment.status", equalTo("IN_TRANSIT"));
        as(tracking(ISSUER)).get(OPERATION, ISSUER, spec.cardId, operationId).then().statusCode(200)
                .body("details.shipment.status", equalTo("IN_TRANSIT"))
                .body("details.shipment.message", equalTo("In transit"));
        assertEquals(2, operationEvents(operationId));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.tracking_events WHERE operation_id = ? "
                + "AND event_id LIKE 'sim-%'", operationId), "recorded as a carrier event is");

        // with them: that parcel
        simulate(tracking(ISSUER), ISSUER, spec.cardId, body("returned", "dhl", number)).then().statusCode(200)
                .body("details.status", equalTo("CARD_RETURNED"))
                .body("details.shipment.status", equalTo("RETURNED_TO_SENDER"));
        assertEquals(3, operationEvents(operationId));
        // another parcel of the card: none
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("delivered", "dhl", "JD0000000000")),
                404, null, null);
    }

    @Test
    void theEndpointIsInTheOpenApiDocument() {
        String document = io.restassured.RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertTrue(document.contains("\"/simulations/issuers/{issuerId}/physicalCards/{cardId}/tracking\""),
                "documented");
        assertTrue(document.contains("out_for_delivery"), "its events are listed");
    }

    @Test
    void producedCompletesTheCardsPendingProduction() {
        CardSpec spec = card().create();
        String production = track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null)))
                .then().statusCode(200).extract().path("operationId");
        simulate(tracking(ISSUER), ISSUER, spec.cardId, body("produced", null, null)).then().statusCode(200)
                .body("operationId", equalTo(production))
                .body("status", equalTo("SUCCESSFUL"))
                .body("details.status", equalTo("CARD_SHIPPED"));
        assertEquals(2, operationEvents(production));
        // it has one outcome: no pending production is left to produce
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("produced", null, null)), 404, null, null);
        assertEquals(2, operationEvents(production));
    }

    @Test
    void theRequestIsCheckedLikeTheTrackingHubs() {
        CardSpec spec = card().create();
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("teleported", null, null)),
                400, "FIELD_INVALID_VALUE", "event");
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body(null, null, null)),
                400, "FIELD_INVALID_FORMAT", "event");
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("in_transit", "DHL", "JD1234")),
                400, "FIELD_INVALID_FORMAT", "carrier");
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("in_transit", "dhl", null)),
                400, "FIELD_INVALID_FORMAT", "trackingNumber");
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("produced", "dhl", "JD1234")),
                400, "FIELD_INVALID_VALUE", "carrier");
        assertD1(simulate(tracking(ISSUER), "SHORT", spec.cardId, body("lost", null, null)),
                400, "FIELD_INVALID_FORMAT", "issuerId");
        // issuer-bound; scope cards:tracking
        Response otherIssuer = simulate(tracking(OTHER_ISSUER), ISSUER, spec.cardId, body("lost", null, null));
        assertEquals(403, otherIssuer.statusCode());
        assertEquals("AUTHORIZER_FORBIDDEN", otherIssuer.jsonPath().getString("errorCode"));
        assertEquals(403, simulate(provisioning(ISSUER), ISSUER, spec.cardId, body("lost", null, null)).statusCode());
        assertEquals(401, as("not-a-token").contentType(ContentType.JSON).body(body("lost", null, null))
                .post(SIMULATE, ISSUER, spec.cardId).statusCode());
        // a card without operations, an unknown card
        assertD1(simulate(tracking(ISSUER), ISSUER, spec.cardId, body("lost", null, null)), 404, null, null);
        assertD1(simulate(tracking(ISSUER), ISSUER, "NO-SUCH-CARD", body("lost", null, null)), 404, null, null);
    }
}
