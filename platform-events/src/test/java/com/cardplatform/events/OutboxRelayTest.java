package com.cardplatform.events;

import static com.cardplatform.events.Outbox.accepted;
import static com.cardplatform.events.Outbox.answerNext;
import static com.cardplatform.events.Outbox.await;
import static com.cardplatform.events.Outbox.insert;
import static com.cardplatform.events.Outbox.requestsFor;
import static com.cardplatform.events.Outbox.rows;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.events.Outbox.Inserted;
import com.cardplatform.events.probe.ProbeRenderer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The relay against a real HTTP receiver playing notification-service and auth-service: what goes over the wire,
 * with which token, and what stays in the outbox.
 */
@QuarkusTest
@WithTestResource(SinkTestResource.class)
class OutboxRelayTest {

    @ConfigProperty(name = "probe.receiver-url")
    String receiver;

    @Inject
    MeterRegistry meters;

    static String entity() {
        return "widget-" + UUID.randomUUID();
    }

    private static String traceparent(int n) {
        return "00-4bf92f3577b34da6a3ce929d0e0e473" + n + "-00f067aa0ba902b7-01";
    }

    @Test
    void eventsAreSentInTheContractsEnvelopeWithATokenThenDeleted() {
        String entity = entity();
        List<Inserted> inserted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inserted.add(insert("probe.widget.updated", entity, new JsonObject().put("id", entity).put("n", i),
                    "corr-" + i, traceparent(i)));
        }
        await("the events are accepted and deleted", () -> rows(entity) == 0);

        List<JsonObject> events = accepted(receiver, entity);
        Set<String> ids = new HashSet<>();
        for (JsonObject event : events) {
            ids.add(event.getString("id"));
            Inserted row = inserted.stream().filter(r -> r.eventId().equals(event.getString("id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("an event never inserted: " + event));
            int n = inserted.indexOf(row);
            assertEquals(Set.of("id", "type", "tenant", "entityId", "sequence", "occurredAt", "correlationId",
                    "traceparent", "data"), event.fieldNames(), event.encode());
            assertEquals("probe.widget.updated", event.getString("type"));
            assertEquals("issuer:PROBE00001", event.getString("tenant"));
            assertEquals(entity, event.getString("entityId"));
            assertEquals(row.sequence(), event.getLong("sequence"));
            assertTrue(event.getString("occurredAt").matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"),
                    event.getString("occurredAt"));
            assertEquals("corr-" + n, event.getString("correlationId"));
            assertEquals(traceparent(n), event.getString("traceparent"), "the trace of the request that caused it");
            // no renderer for this type: the payload as it is
            assertEquals(new JsonObject().put("id", entity).put("n", n), event.getJsonObject("data"));
        }
        // at least once: every event arrived (a slow answer may make the relay send one again; never a lost one)
        assertEquals(inserted.stream().map(Inserted::eventId).collect(java.util.stream.Collectors.toSet()), ids);
        assertTrue(inserted.get(0).sequence() < inserted.get(1).sequence()
                && inserted.get(1).sequence() < inserted.get(2).sequence());

        for (JsonObject request : requestsFor(receiver, entity)) {
            assertEquals("POST", request.getString("method"));
            assertTrue(request.getString("contentType").startsWith("application/json"), request.encode());
            assertTrue(request.getString("authorization").matches("^Bearer token-\\d+$"), "the issued token");
            assertNotNull(request.getString("correlationId"));
            assertTrue(request.getString("correlationId").matches("^[A-Za-z0-9_-]{1,64}$"));
            // batch-size is 2 in this application: a backlog of 3 takes two requests, oldest first
            List<Long> sequences = new ArrayList<>();
            request.getJsonObject("body").getJsonArray("events")
                    .forEach(e -> sequences.add(((JsonObject) e).getLong("sequence")));
            assertTrue(sequences.size() <= 2, request.encode());
            assertEquals(sequences.stream().sorted().toList(), sequences, "in sequence order");
        }
        assertFalse(Outbox.tokenRequests(receiver).isEmpty());
        for (Object o : Outbox.tokenRequests(receiver)) {
            JsonObject token = (JsonObject) o;
            assertEquals(true, token.getBoolean("validClient"), "client id and secret, form-encoded, HTTP Basic");
            assertEquals("client_credentials", token.getString("grantType"));
            assertEquals("events:publish", token.getString("scope"));
        }
    }

    @Test
    void aRefusedBatchIsSentAgainAfterItsBackoffAndNothingIsLost() {
        double failuresBefore = failures("500");
        answerNext(receiver, 500);
        String entity = entity();
        Inserted event = insert("probe.widget.updated", entity, new JsonObject().put("id", entity), null);
        await("the event is accepted after the refusal", () -> rows(entity) == 0);

        List<JsonObject> requests = requestsFor(receiver, entity);
        assertTrue(requests.size() >= 2, "refused, then sent again");
        assertEquals(500, requests.get(0).getInteger("status"));
        assertEquals(202, requests.get(requests.size() - 1).getInteger("status"));
        // the relay paused for its lease (500 ms here) before it claimed the event again; without the pause the next
        // tick (100 ms) would have
        long pause = requests.get(1).getLong("receivedAtMillis") - requests.get(0).getLong("receivedAtMillis");
        assertTrue(pause >= 450, "sent again after " + pause + " ms");
        // the cached token is used again (a 500 says nothing against it)
        assertEquals(requests.get(0).getString("authorization"), requests.get(1).getString("authorization"));
        List<JsonObject> accepted = accepted(receiver, entity);
        assertFalse(accepted.isEmpty());
        for (JsonObject e : accepted) {
            assertEquals(event.eventId(), e.getString("id"));
            assertFalse(e.containsKey("correlationId"), "none recorded, none sent");
            assertFalse(e.containsKey("traceparent"), "none recorded, none sent");
        }
        assertTrue(failures("500") > failuresBefore, "relay failures are counted");
    }

    @Test
    void aRefusedTokenIsReplacedBeforeTheNextAttempt() {
        answerNext(receiver, 401);
        String entity = entity();
        insert("probe.widget.updated", entity, new JsonObject().put("id", entity), null);
        await("the event is accepted with a new token", () -> rows(entity) == 0);
        List<JsonObject> requests = requestsFor(receiver, entity);
        assertTrue(requests.size() >= 2);
        assertEquals(401, requests.get(0).getInteger("status"));
        JsonObject last = requests.get(requests.size() - 1);
        assertEquals(202, last.getInteger("status"));
        assertTrue(!requests.get(0).getString("authorization").equals(last.getString("authorization")),
                "a new token after the 401");
    }

    @Test
    void theServicesRendererTurnsThePayloadIntoThePublicData() {
        String entity = entity();
        insert(ProbeRenderer.TYPE, entity, new JsonObject().put("id", entity).put("newName", "Blue widget")
                .put("privateNote", "never public"), "corr-render");
        await("the rendered event is accepted", () -> rows(entity) == 0);
        List<JsonObject> events = accepted(receiver, entity);
        assertFalse(events.isEmpty());
        for (JsonObject event : events) {
            assertEquals(new JsonObject(Map.of("widgetId", entity, "name", "Blue widget", "renderedBy", "probe")),
                    event.getJsonObject("data"));
        }
        assertTrue(meters.get("platform.events.relayed").counter().count() >= 1);
    }

    @Test
    void aBacklogDrainsInBatchesOfAtMostBatchSize() {
        String entity = entity();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            ids.add(insert("probe.widget.updated", entity, new JsonObject().put("n", i), null).eventId());
        }
        await("the backlog is drained", () -> rows(entity) == 0);
        Set<String> received = new HashSet<>();
        accepted(receiver, entity).forEach(e -> received.add(e.getString("id")));
        assertEquals(ids, received);
        for (JsonObject request : requestsFor(receiver, entity)) {
            assertTrue(request.getJsonObject("body").getJsonArray("events").size() <= 2, request.encode());
        }
    }

    /**
     * A run still draining a backlog when the timer ticks again is joined by a second one (relay.concurrency, 2), so
     * that the next batch is on its way while the previous one is answered; never more than that.
     */
    @Test
    void aSlowIntakeIsSentTwoBatchesAtOnceAndNeverMore() {
        String entity = entity();
        given().baseUri(receiver).post("/test/slow?ms=300").then().statusCode(204);
        try {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                ids.add(insert("probe.widget.updated", entity, new JsonObject().put("n", i), null).eventId());
            }
            await("the backlog is drained", () -> rows(entity) == 0);
            int most = Integer.parseInt(given().baseUri(receiver).get("/test/most-in-flight").then().statusCode(200)
                    .extract().asString());
            assertEquals(2, most, "intake requests in flight at once");
            Set<String> received = new HashSet<>();
            accepted(receiver, entity).forEach(e -> received.add(e.getString("id")));
            assertEquals(ids, received);
        } finally {
            given().baseUri(receiver).post("/test/slow?ms=0").then().statusCode(204);
        }
    }

    private double failures(String reason) {
        var counter = meters.find("platform.events.relay.failures").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
