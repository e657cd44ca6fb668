package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.carrierIntegration;
import static com.cardplatform.card.Fixtures.citi;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.events.relay.EventRenderers;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The events card-service writes into {@code card.outbox_event} with each change (the relay is off in tests, so
 * the table keeps them): one per change, of the right type, tenant and entity, in increasing sequence, with public
 * data only; none for a refused or repeated change.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class CardEventsTest {

    private static final String OPERATION = "/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}";
    private static final String CASCADE = "/internal/issuers/{issuerId}/consumers/{consumerId}/cards";

    /** What the relay sends as {@code data}: the service's renderers, or the payload as it is. */
    @Inject
    EventRenderers renderers;

    record Event(String type, String tenant, String entityId, long sequence, JsonObject payload, String correlationId) {
    }

    static List<Event> events(String entityId) {
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> row : TestDatabase.query("SELECT event_type, tenant, entity_id, sequence, "
                + "payload::text AS payload, correlation_id FROM card.outbox_event WHERE entity_id = ? ORDER BY sequence",
                entityId)) {
            events.add(new Event((String) row.get("event_type"), (String) row.get("tenant"),
                    (String) row.get("entity_id"), ((Number) row.get("sequence")).longValue(),
                    new JsonObject((String) row.get("payload")), (String) row.get("correlation_id")));
        }
        return events;
    }

    static JsonObject statusData(CardSpec spec, String status, String previous, String source, String reason) {
        JsonObject data = new JsonObject().put("issuerId", spec.issuer).put("cardId", spec.cardId)
                .put("accountId", spec.accountId).put("status", status).put("previousStatus", previous)
                .put("source", source);
        return reason == null ? data : data.put("reason", reason);
    }

    static JsonObject digitalData(CardSpec spec, String digitalCardId, String status, String previous, String source) {
        return new JsonObject().put("issuerId", spec.issuer).put("cardId", spec.cardId)
                .put("digitalCardId", digitalCardId).put("status", status).put("previousStatus", previous)
                .put("source", source);
    }

    private void assertEvent(Event event, String type, String entityId, JsonObject data) {
        assertEquals(type, event.type());
        assertEquals("issuer:" + ISSUER, event.tenant());
        assertEquals(entityId, event.entityId());
        assertEquals(data, renderers.data(event.type(), event.payload()), event.payload().encode());
    }

    private static void assertIncreasing(List<Event> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).sequence() > events.get(i - 1).sequence(), "sequence increases");
        }
    }

    // ---- the trace of the request that caused an event -----------------------------------------------------------

    /** The trace id of the traceparent recorded with the entity's events, in sequence order. */
    static List<String> tracesOf(String entityId) {
        return TestDatabase.query("SELECT traceparent FROM card.outbox_event WHERE entity_id = ? ORDER BY sequence",
                entityId).stream().map(row -> (String) row.get("traceparent"))
                .map(traceparent -> traceparent == null ? null : traceparent.split("-")[1]).toList();
    }

    static String traceparent(String traceId) {
        return "00-" + traceId + "-" + "b7ad6b7169203331" + "-01";
    }

    @Test
    void everyEventKeepsTheTraceOfTheRequestThatCausedItSoThatItsDeliveryJoinsIt() {
        String provisioned = UUID.randomUUID().toString().replace("-", "");
        String changed = UUID.randomUUID().toString().replace("-", "");
        CardSpec spec = card();
        as(provisioning(ISSUER)).header("traceparent", traceparent(provisioned)).contentType(ContentType.JSON)
                .body(spec.body()).post("/issuers/{issuerId}/cards", ISSUER).then().statusCode(201);
        as(provisioning(ISSUER)).header("traceparent", traceparent(changed)).contentType(ContentType.JSON)
                .body(Map.of("status", "BLOCKED")).post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER,
                        spec.cardId).then().statusCode(200);
        // the insert through Hibernate (provisioning) and the status change's single statement
        assertEquals(List.of(provisioned, changed), tracesOf(spec.cardId));
    }

    // ---- card.status.changed / digital_card.status.changed ---------------------------------------------------

    @Test
    void provisioningWritesTheCardsFirstStatusOnceEvenWhenRepeated() {
        CardSpec spec = card();
        String correlationId = "corr-" + UUID.randomUUID().toString().substring(0, 8);
        as(provisioning(ISSUER)).header("x-correlation-id", correlationId).contentType(ContentType.JSON)
                .body(spec.body()).post("/issuers/{issuerId}/cards", ISSUER).then().statusCode(201);
        // the same request again answers the card (201) and changes nothing: no second event
        as(provisioning(ISSUER)).contentType(ContentType.JSON).body(spec.body())
                .post("/issuers/{issuerId}/cards", ISSUER).then().statusCode(201);
        List<Event> events = events(spec.cardId);
        assertEquals(1, events.size());
        assertEvent(events.get(0), "card.status.changed", spec.cardId,
                statusData(spec, "ACTIVE", null, "PROVISIONING", null));
        assertEquals(correlationId, events.get(0).correlationId());
    }

    @Test
    void everyIssuerChangeWritesOneEventAndItsDigitalCardsTheirsARefusedOrRepeatedOneNone() {
        CardSpec spec = card().create();
        String digital = id("DC");
        spec.addDigitalCard(digital);
        assertEquals(1, events(digital).size());
        assertEvent(events(digital).get(0), "digital_card.status.changed", digital,
                digitalData(spec, digital, "ACTIVE", null, "PROVISIONING"));

        spec.changeStatus("BLOCKED", "fraud check");
        spec.changeStatus("BLOCKED", "fraud check"); // repeated: nothing changes
        spec.changeStatus("LOST", null);
        // LOST is final: refused, nothing written
        as(provisioning(ISSUER)).contentType(ContentType.JSON).body(Map.of("status", "ACTIVE"))
                .post("/issuers/{issuerId}/cards/{cardId}/status", ISSUER, spec.cardId).then().statusCode(403);

        List<Event> events = events(spec.cardId);
        assertEquals(3, events.size(), "provisioning, BLOCKED, LOST");
        assertEvent(events.get(1), "card.status.changed", spec.cardId,
                statusData(spec, "BLOCKED", "ACTIVE", "D1", "fraud check"));
        assertEvent(events.get(2), "card.status.changed", spec.cardId, statusData(spec, "LOST", "BLOCKED", "D1", null));
        assertIncreasing(events);

        List<Event> digitalEvents = events(digital);
        assertEquals(3, digitalEvents.size(), "registered, suspended, deleted");
        assertEvent(digitalEvents.get(1), "digital_card.status.changed", digital,
                digitalData(spec, digital, "SUSPENDED", "ACTIVE", "D1"));
        assertEvent(digitalEvents.get(2), "digital_card.status.changed", digital,
                digitalData(spec, digital, "DELETED", "SUSPENDED", "D1"));
        assertIncreasing(digitalEvents);
    }

    @Test
    void aCitiBlockWritesOneEventPerCardOfTheAccountAndARefusalNone() {
        String account = id("acct");
        CardSpec first = card().account(account).create();
        CardSpec second = card().account(account).create();
        String uuid = UUID.randomUUID().toString();
        CardStatusApiTest.request(citi(ISSUER), uuid).body(CardStatusApiTest.body(account, null, "F", "Y1"))
                .put("/v1/cards/status/detail").then().statusCode(204);
        for (CardSpec spec : List.of(first, second)) {
            List<Event> events = events(spec.cardId);
            assertEquals(2, events.size());
            assertEvent(events.get(1), "card.status.changed", spec.cardId,
                    statusData(spec, "BLOCKED", "ACTIVE", "CITI", "F:Y1"));
        }
        // a credit card on the account: F means STOLEN for it, fine; L then Y is refused for both (final): none
        CardStatusApiTest.request(citi(ISSUER), UUID.randomUUID().toString())
                .body(CardStatusApiTest.body(account, null, "L", null)).put("/v1/cards/status/detail")
                .then().statusCode(204);
        CardStatusApiTest.request(citi(ISSUER), UUID.randomUUID().toString())
                .body(CardStatusApiTest.body(account, null, "Y", null)).put("/v1/cards/status/detail")
                .then().statusCode(422);
        assertEquals(3, events(first.cardId).size());
        assertEquals(3, events(second.cardId).size());
    }

    @Test
    void theConsumerCascadeWritesOneEventPerCardAndDigitalCardOnce() {
        String consumer = id("consumer");
        CardSpec spec = card().consumer(consumer).create();
        String digital = id("DC");
        spec.addDigitalCard(digital);
        for (int i = 0; i < 2; i++) {
            as(internal()).delete(CASCADE, ISSUER, consumer).then().statusCode(200);
        }
        List<Event> events = events(spec.cardId);
        assertEquals(2, events.size(), "provisioning and the cascade, once");
        assertEvent(events.get(1), "card.status.changed", spec.cardId,
                statusData(spec, "DELETED", "ACTIVE", "CASCADE", "CONSUMER_DELETED"));
        List<Event> digitalEvents = events(digital);
        assertEquals(2, digitalEvents.size());
        assertEvent(digitalEvents.get(1), "digital_card.status.changed", digital,
                digitalData(spec, digital, "DELETED", "ACTIVE", "CASCADE"));
    }

    // ---- tracking.operation.updated ------------------------------------------------------------------------

    @Test
    void aTrackingOperationIsPublishedAtCreationAndEveryChangeExactlyAsTheGetReadsIt() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", number)))
                .then().statusCode(200).extract().path("operationId");
        // the same track request again: the same operation, no second event
        List<Event> events = events(operationId);
        assertEquals(1, events.size());
        assertOperationEvent(spec, operationId, events.get(0));

        String eventId = id("evt");
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("eventId", eventId);
        update.put("carrier", "dhl");
        update.put("trackingNumber", number);
        update.put("status", "IN_TRANSIT");
        update.put("occurredAt", "2026-03-02T08:00:00Z");
        update.put("message", "Arrived at  the sort facility");
        for (int i = 0; i < 2; i++) { // a carrier's retry changes nothing more
            as(carrierIntegration()).contentType(ContentType.JSON).body(update).post("/internal/carrier-events")
                    .then().statusCode(200);
        }
        events = events(operationId);
        assertEquals(2, events.size());
        assertOperationEvent(spec, operationId, events.get(1));
        assertEquals("IN_TRANSIT",
                renderers.data(events.get(1).type(), events.get(1).payload())
                        .getJsonObject("operation").getJsonObject("details").getJsonObject("shipment")
                        .getString("status"));
        assertIncreasing(events);
        // an older update that changes nothing writes nothing
        update.put("eventId", id("evt"));
        update.put("status", "OUT_FOR_DELIVERY");
        update.put("occurredAt", "2026-03-01T08:00:00Z");
        as(carrierIntegration()).contentType(ContentType.JSON).body(update).post("/internal/carrier-events")
                .then().statusCode(200);
        assertEquals(2, events(operationId).size());
    }

    /** The event's data: issuerId, cardId and the operation exactly as the GET answers it now, plus cardId. */
    private void assertOperationEvent(CardSpec spec, String operationId, Event event) {
        assertEquals("tracking.operation.updated", event.type());
        assertEquals("issuer:" + spec.issuer, event.tenant());
        JsonObject data = renderers.data(event.type(), event.payload());
        JsonObject expected = new JsonObject(as(tracking(spec.issuer))
                .get(OPERATION, spec.issuer, spec.cardId, operationId).then().statusCode(200).extract().asString());
        expected.put("cardId", spec.cardId);
        assertEquals(new JsonObject().put("issuerId", spec.issuer).put("cardId", spec.cardId).put("operation", expected),
                data);
    }

    // ---- what never leaves ---------------------------------------------------------------------------------

    @Test
    void noEventCarriesThePanOrItsDigest() {
        String consumer = id("consumer");
        CardSpec spec = card().consumer(consumer).create();
        String digest = (String) TestDatabase.query("SELECT pan_digest FROM card.cards WHERE issuer_id = ? AND "
                + "card_id = ?", ISSUER, spec.cardId).get(0).get("pan_digest");
        assertNotNull(digest);
        spec.addDigitalCard(id("DC"));
        track(spec, "PRODUCTION", encrypt(currentKey(), spec.cardData(null, null))).then().statusCode(200);
        spec.changeStatus("BLOCKED", null);
        as(internal()).delete(CASCADE, ISSUER, consumer).then().statusCode(200);

        List<Map<String, Object>> rows = TestDatabase.query("SELECT event_type, payload::text AS payload FROM "
                + "card.outbox_event");
        assertFalse(rows.isEmpty());
        for (Map<String, Object> row : rows) {
            String payload = (String) row.get("payload");
            String data = renderers.data((String) row.get("event_type"), new JsonObject(payload)).encode();
            for (String text : List.of(payload, data)) {
                assertFalse(text.contains(spec.pan), "PAN in an event");
                assertFalse(text.contains(digest), "PAN digest in an event");
                assertFalse(text.contains("pan_digest") || text.contains("panDigest"), text);
                assertFalse(text.contains("panLastDigits") || text.contains("pan_last_digits"), text);
            }
        }
    }
}
