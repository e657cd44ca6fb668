package com.cardplatform.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.events.EventRenderer;
import com.cardplatform.rewards.events.TripleEventRenderer;
import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.QueryPlans;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Triple events (platform-events outbox): every creation and every change writes exactly one outbox row in
 * its transaction, tenant {@code client:<owning client>}, entity the Triple id, a sequence that increases with each
 * change of the entity, and public data that is the object exactly as {@code GET .../{id}} returns it. Refused
 * requests, repetitions answered with the original and a PATCH that changes nothing write none. Needs injection
 * (the renderer the relay calls), hence no {@code @QuarkusIntegrationTest} twin.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TripleEventsTest {

    @Inject
    @Any
    Instance<EventRenderer> renderers;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    private Partner partner;

    @BeforeEach
    void partner() {
        partner = Partner.fresh("events");
    }

    @Test
    void theServiceDeclaresOneRendererForEveryTripleType() {
        List<EventRenderer> all = renderers.stream().filter(r -> r.types().contains("card_account.updated")).toList();
        assertEquals(1, all.size(), "one renderer of the Triple types");
        assertTrue(all.get(0) instanceof TripleEventRenderer);
        assertEquals(Set.of("publisher.created", "publisher.updated", "card_program.created", "card_program.updated",
                "card_account.created", "card_account.updated"), all.get(0).types());
    }

    @Test
    void eachCreationIsOneEventWhoseDataIsTheObjectAsTheApiReturnsIt() {
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        String publisherId = partner.request().header("x-correlation-id", "create-publisher-1")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType("application/json")
                .body(Map.of("external_id", "pub-1", "name", "Publisher of the tests"))
                .post("/partner/publishers").then().statusCode(201).extract().path("id");
        String programId = partner.program(publisherId, "prog-1");
        String accountId = partner.account(programId, "acct-1");

        List<Map<String, Object>> events = events(partner);
        assertEquals(List.of("publisher.created", "card_program.created", "card_account.created"),
                events.stream().map(e -> e.get("event_type")).toList());
        assertEquals(List.of(publisherId, programId, accountId), events.stream().map(e -> e.get("entity_id")).toList());
        assertEquals("create-publisher-1", events.get(0).get("correlation_id"));
        assertEquals(traceId, ((String) events.get(0).get("traceparent")).split("-")[1], "delivered in its trace");
        assertPublished(events.get(0), "/partner/publishers/" + publisherId);
        assertPublished(events.get(1), "/partner/card-programs/" + programId);
        assertPublished(events.get(2), "/partner/card-accounts/" + accountId);
    }

    @Test
    void refusalsAndRepetitionsWriteNoEvent() {
        String publisherId = partner.publisher("pub-r");
        partner.createPublisher("pub-r").then().statusCode(201); // the same request again: the original, no event
        partner.json(Map.of("external_id", "pub-r", "name", "Another name")).post("/partner/publishers")
                .then().statusCode(409);
        partner.json(Map.of("external_id", "123456789", "name", "x")).post("/partner/publishers")
                .then().statusCode(400);
        String programId = partner.program(publisherId, "prog-r");
        partner.createProgram(publisherId, "prog-r").then().statusCode(201);
        Partner other = Partner.fresh("events-other");
        other.createProgram(publisherId, "prog-x").then().statusCode(422); // another partner's publisher
        String accountId = partner.account(programId, "acct-r");
        partner.createAccount(programId, "acct-r").then().statusCode(201);
        other.json(Map.of("status", "CLOSED")).patch("/partner/card-accounts/" + accountId).then().statusCode(404);

        assertEquals(List.of("publisher.created", "card_program.created", "card_account.created"),
                events(partner).stream().map(e -> e.get("event_type")).toList());
        assertEquals(0, events(other).size());
    }

    @Test
    void eachChangeOfACardAccountIsOneUpdatedEventAndAPatchThatChangesNothingNone() {
        String accountId = partner.account(partner.program(partner.publisher("pub-u"), "prog-u"), "acct-u");
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        partner.json(Map.of("status", "NOT_ENROLLED")).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .patch("/partner/card-accounts/" + accountId).then().statusCode(200);
        patch(accountId, Map.of("status", "NOT_ENROLLED")).then().statusCode(200); // changes nothing
        patch(accountId, Map.of("default_postal_code", "10001", "default_country_code", "US")).then().statusCode(200);
        patch(accountId, Map.of("status", "CLOSED")).then().statusCode(200);
        patch(accountId, Map.of("status", "ENROLLED")).then().statusCode(422); // a closed account is final
        patch(accountId, Map.of()).then().statusCode(400);

        List<Map<String, Object>> events = eventsOf(accountId);
        assertEquals(List.of("card_account.created", "card_account.updated", "card_account.updated",
                "card_account.updated"), events.stream().map(e -> e.get("event_type")).toList());
        for (int i = 1; i < events.size(); i++) {
            assertTrue((Long) events.get(i - 1).get("sequence") < (Long) events.get(i).get("sequence"));
        }
        assertEquals("NOT_ENROLLED", data(events.get(1)).getString("status"));
        assertEquals(traceId, ((String) events.get(1).get("traceparent")).split("-")[1], "the PATCH's trace");
        assertEquals("10001", data(events.get(2)).getString("default_postal_code"));
        assertPublished(events.get(3), "/partner/card-accounts/" + accountId); // the latest is what GET shows
        assertEquals("CLOSED", data(events.get(3)).getString("status"));
        assertTrue(data(events.get(2)).getString("updated_at").compareTo(data(events.get(3)).getString("updated_at")) < 0);
    }

    /**
     * A write with its event is one native statement whose plan Hibernate keeps and reuses. Run as a selection, each
     * execution added a plan of the same text to the query plan cache (Hibernate Reactive 3.2: see TripleEvents), and at
     * the cache's 2,048 plans every lookup walked them all.
     */
    @Test
    void writesWithTheirEventReuseOneQueryPlan() {
        String publisherId = partner.publisher("plan-0");
        String programId = partner.program(publisherId, "plan-prog-0");
        partner.account(programId, "plan-acct-0");
        int before = QueryPlans.cached(sessionFactory);
        for (int i = 1; i <= 20; i++) {
            partner.program(partner.publisher("plan-" + i), "plan-prog-" + i);
        }
        int after = QueryPlans.cached(sessionFactory);
        assertTrue(after - before <= 1, "40 writes of two statements added " + (after - before) + " query plans");
    }

    // ---------------------------------------------------------------------------------------------------------

    private io.restassured.response.Response patch(String id, Object body) {
        return partner.json(body).patch("/partner/card-accounts/" + id);
    }

    private static List<Map<String, Object>> events(Partner who) {
        return TestDatabase.query("SELECT event_type, tenant, entity_id, sequence, payload::text AS payload, "
                + "correlation_id, traceparent FROM rewards.outbox_event WHERE tenant = ? ORDER BY sequence", "client:" + who.clientId);
    }

    private static List<Map<String, Object>> eventsOf(String entityId) {
        return TestDatabase.query("SELECT event_type, tenant, entity_id, sequence, payload::text AS payload, "
                + "correlation_id, traceparent FROM rewards.outbox_event WHERE entity_id = ? ORDER BY sequence", entityId);
    }

    private JsonObject data(Map<String, Object> event) {
        return renderers.select(TripleEventRenderer.class).get().render((String) event.get("event_type"), new JsonObject((String) event.get("payload")));
    }

    /** The event's tenant is the owning client, and its data exactly what GET answers; no token in the payload. */
    private void assertPublished(Map<String, Object> event, String path) {
        assertEquals("client:" + partner.clientId, event.get("tenant"));
        Map<String, Object> got = partner.request().get(path).then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(new JsonObject(got), data(event));
        assertFalse(data(event).containsKey("owner"), "the owner is the tenant, not part of the object");
        assertFalse(((String) event.get("payload")).contains(partner.token));
    }
}
