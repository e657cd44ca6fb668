package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.consumer.api.OperationEventRenderer;
import com.cardplatform.events.EventRenderer;
import com.cardplatform.testing.QueryPlans;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code consumer.operation.updated} (platform-events): every creation and every change of an operation writes
 * exactly one outbox row, in the statement or transaction of the change, with tenant {@code issuer:<issuerId>},
 * entity the operationId, a sequence that increases with each change of the operation, and public data that is
 * D1's operation object exactly as the on-demand GET returns it. A refused request and an idempotent repetition
 * write none. Needs injection (the renderer the relay calls), hence no {@code @QuarkusIntegrationTest} twin.
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class OperationEventsTest {

    static final String TYPE = "consumer.operation.updated";

    private final FakeCardService cards = FakeCardService.get();

    @Inject
    @Any
    Instance<EventRenderer> renderers;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @AfterEach
    void healthyCardService() {
        cards.healthy();
        awaitOutboxDrained();
    }

    @Test
    void theServiceDeclaresOneRendererForItsType() {
        List<EventRenderer> all = renderers.stream().filter(r -> r.types().contains(TYPE)).toList();
        assertEquals(1, all.size(), "one renderer of " + TYPE);
        assertTrue(all.get(0) instanceof OperationEventRenderer);
        assertEquals(java.util.Set.of(TYPE), all.get(0).types());
    }

    /**
     * An operation and its event are one native statement whose plan Hibernate keeps and reuses (run as a selection,
     * each execution added a plan: see QueryPlans).
     */
    @Test
    void operationsWithTheirEventReuseOneQueryPlan() {
        register(ISSUER, newConsumerId(), "acc-plan");
        int before = QueryPlans.cached(sessionFactory);
        for (int i = 0; i < 20; i++) {
            register(ISSUER, newConsumerId(), "acc-plan");
        }
        int after = QueryPlans.cached(sessionFactory);
        assertTrue(after - before <= 1, "20 registrations added " + (after - before) + " query plans");
    }

    @Test
    void aRegistrationIsOneEventWhoseDataIsTheOperationAsTheGetReturnsIt() {
        String consumerId = newConsumerId();
        String operationId = as(provisioningToken(ISSUER)).header("x-correlation-id", "register-trace-1")
                .contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\",\"accounts\":[{\"accountId\":\"acc-1\"}]}")
                .post("/issuers/{issuerId}/consumers", ISSUER)
                .then().statusCode(201).extract().path("operationId");

        List<Map<String, Object>> events = eventsOf(consumerId);
        assertEquals(1, events.size(), events.toString());
        Map<String, Object> event = events.get(0);
        assertEquals(TYPE, event.get("event_type"));
        assertEquals("issuer:" + ISSUER, event.get("tenant"));
        assertEquals(operationId, event.get("entity_id"));
        assertEquals("register-trace-1", event.get("correlation_id"));
        assertPublished(event, consumerId, operationId);

        // the same registration again answers the original operation and writes nothing
        register(ISSUER, consumerId, "acc-1");
        assertEquals(1, eventsOf(consumerId).size());
        // a conflicting one is refused and writes nothing
        as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\",\"accounts\":[{\"accountId\":\"other\"}]}")
                .post("/issuers/{issuerId}/consumers", ISSUER).then().statusCode(409);
        assertEquals(1, eventsOf(consumerId).size());
    }

    @Test
    void aSuspensionAndAResumptionAreOneEventEachAndRefusalsAndRepetitionsNone() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        String suspend = "{\"reason\":\"lost card\",\"reasonCode\":\"USER_DECISION\"}";
        String suspension = WriteOutcomeTest.action(consumerId, "suspend", suspend)
                .then().statusCode(200).extract().path("operationId");
        // the repetition answers the original; another suspension and a second resume are refused
        WriteOutcomeTest.action(consumerId, "suspend", suspend).then().statusCode(200);
        WriteOutcomeTest.action(consumerId, "suspend", "{\"reason\":\"another\"}").then().statusCode(403);
        String resumption = WriteOutcomeTest.action(consumerId, "resume", null)
                .then().statusCode(200).extract().path("operationId");
        WriteOutcomeTest.action(consumerId, "suspend", null).then().statusCode(200);
        WriteOutcomeTest.action(consumerId, "resume", "{\"reason\":\"other\"}").then().statusCode(200);
        WriteOutcomeTest.action(consumerId, "resume", "{\"reason\":\"again\"}").then().statusCode(403);

        List<Map<String, Object>> events = eventsOf(consumerId);
        assertEquals(5, events.size(), "REGISTER, SUSPEND, RESUME, SUSPEND, RESUME: " + events);
        assertEquals(suspension, events.get(1).get("entity_id"));
        assertEquals(resumption, events.get(2).get("entity_id"));
        assertPublished(events.get(1), consumerId, suspension);
        assertPublished(events.get(2), consumerId, resumption);
        assertEquals("USER_DECISION", data(events.get(1)).getJsonObject("operation").getString("reasonCode"));
        assertEquals(5, events.stream().map(e -> e.get("entity_id")).distinct().count(), "one event per operation");
    }

    @Test
    void aDeleteIsItsPendingEventThenItsSuccessfulOneAndARepetitionWritesNothing() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1", "acc-2");
        cards.seedCards(ISSUER, consumerId, 3, 1);
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        String operationId = as(operationsToken(ISSUER)).header("x-correlation-id", "delete-trace-9")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"reason\":\"closing\"}")
                .post("/issuers/{issuerId}/consumers/{consumerId}/operations:delete", ISSUER, consumerId)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("SUCCESSFUL"))
                .extract().path("operationId");

        List<Map<String, Object>> events = eventsOf(operationId);
        assertEquals(2, events.size(), events.toString());
        assertEquals("PENDING", data(events.get(0)).getJsonObject("operation").getString("status"));
        assertFalse(data(events.get(0)).getJsonObject("operation").containsKey("endTime"));
        assertEquals("SUCCESSFUL", data(events.get(1)).getJsonObject("operation").getString("status"));
        assertTrue((Long) events.get(0).get("sequence") < (Long) events.get(1).get("sequence"));
        for (Map<String, Object> event : events) {
            assertEquals("issuer:" + ISSUER, event.get("tenant"));
            assertEquals("delete-trace-9", event.get("correlation_id"), "the cascade's event too");
            assertEquals(traceId, ((String) event.get("traceparent")).split("-")[1],
                    "delivered in the delete request's trace, the cascade's event too");
        }
        assertPublished(events.get(1), consumerId, operationId);
        assertEquals(new JsonObject(Map.of("deletedAccounts", 2, "deletedCards", 3, "deletedDigitalCards", 1)),
                data(events.get(1)).getJsonObject("operation").getJsonObject("details"));

        delete(ISSUER, consumerId, null).then().statusCode(200);
        assertEquals(2, eventsOf(operationId).size(), "a repeated delete writes nothing");
        assertEquals(3, eventsOf(consumerId).size(), "REGISTER, DELETE PENDING, DELETE SUCCESSFUL");
    }

    @Test
    void aFailedCascadeIsAFailedEventAndDeletingAgainIsANewOperationWithItsOwnEvents() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        cards.failNext(consumerId, 1, 400);
        String failed = delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("FAILED")).extract().path("operationId");
        List<Map<String, Object>> failedEvents = eventsOf(failed);
        assertEquals(2, failedEvents.size(), failedEvents.toString());
        JsonObject failure = data(failedEvents.get(1)).getJsonObject("operation");
        assertEquals("FAILED", failure.getString("status"));
        assertEquals("CARD_CASCADE_REJECTED", failure.getString("errorCode"));
        assertPublished(failedEvents.get(1), consumerId, failed);

        String second = delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("SUCCESSFUL")).extract().path("operationId");
        List<Map<String, Object>> secondEvents = eventsOf(second);
        assertEquals(List.of("PENDING", "SUCCESSFUL"), secondEvents.stream()
                .map(e -> data(e).getJsonObject("operation").getString("status")).toList());
        assertTrue((Long) failedEvents.get(1).get("sequence") < (Long) secondEvents.get(0).get("sequence"));
        assertPublished(secondEvents.get(1), consumerId, second);
        assertEquals(2, eventsOf(failed).size(), "the failed operation is not touched");
    }

    @Test
    void anUnknownConsumerAndARefusedDeleteWriteNothing() {
        String consumerId = newConsumerId();
        delete(ISSUER, consumerId, null).then().statusCode(404);
        WriteOutcomeTest.action(consumerId, "suspend", null).then().statusCode(404);
        register(ISSUER, consumerId);
        delete(OTHER_ISSUER, consumerId, null).then().statusCode(404); // another issuer's consumer
        assertEquals(1, eventsOf(consumerId).size(), "the registration only");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The consumer's events (or one operation's), in sequence order. */
    static List<Map<String, Object>> eventsOf(String consumerOrOperationId) {
        return TestDatabase.query("SELECT event_type, tenant, entity_id, sequence, payload::text AS payload, "
                + "correlation_id, traceparent FROM consumer.outbox_event WHERE payload->>'consumer_id' = ? OR entity_id = ? "
                + "ORDER BY sequence", consumerOrOperationId, consumerOrOperationId);
    }

    JsonObject data(Map<String, Object> event) {
        return renderers.select(OperationEventRenderer.class).get().render((String) event.get("event_type"), new JsonObject((String) event.get("payload")));
    }

    /**
     * The event's public data: issuerId, consumerId and the operation exactly as GET returns it now (the event is
     * the operation's latest), and no secret of the service anywhere in what was recorded.
     */
    private void assertPublished(Map<String, Object> event, String consumerId, String operationId) {
        JsonObject data = data(event);
        assertEquals(ISSUER, data.getString("issuerId"));
        assertEquals(consumerId, data.getString("consumerId"));
        assertEquals(3, data.size(), data.encode());
        Map<String, Object> got = as(operationsToken(ISSUER))
                .get("/issuers/{issuerId}/consumers/{consumerId}/operations/{operationId}", ISSUER, consumerId,
                        operationId)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(new JsonObject(got), data.getJsonObject("operation"));
        String recorded = (String) event.get("payload");
        assertFalse(recorded.contains(FakeCardService.CLIENT_SECRET));
        assertFalse(recorded.toLowerCase(java.util.Locale.ROOT).contains("bearer"));
    }
}
