package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.as;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.proxy;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.records;
import static com.cardplatform.activation.Activation.set;
import static com.cardplatform.activation.Activation.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The events of activation-service (platform-events outbox, written by the statement of the change):
 * {@code activation_codes.set} once per accepted request that wrote codes, {@code activation_code.locked} once
 * when a card with a code gets locked. Tenant {@code issuer:<issuerId>}; the payload is the public data (no
 * renderer), and never carries a code or a hash.
 */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class ActivationEventsTest {

    @Test
    void anAcceptedRequestIsOneEventWithTheIssuerTheCountAndTheCardsButNoCode() {
        String issuer = newIssuer();
        String correlation = "set-" + UUID.randomUUID().toString().substring(0, 8);
        as(issuer).header("x-correlation-id", correlation)
                .body(array(List.of(record("95000000", proxy(2), "Code2222"), record("0095000000", proxy(1), "Code1111"),
                        record("95000001", proxy(1), "Code3333"))))
                .post(Activation.SET).then().statusCode(200);

        List<Map<String, Object>> events = events(issuer);
        assertEquals(1, events.size(), events.toString());
        Map<String, Object> event = events.get(0);
        assertEquals("activation_codes.set", event.get("event_type"));
        assertEquals(correlation, event.get("correlation_id"));
        UUID.fromString((String) event.get("entity_id")); // the request's own id
        JsonObject data = new JsonObject((String) event.get("payload"));
        assertEquals(new JsonObject()
                .put("issuerId", issuer)
                .put("count", 3)
                .put("cards", new JsonArray()
                        .add(card("95000000", proxy(1)))
                        .add(card("95000000", proxy(2)))
                        .add(card("95000001", proxy(1)))), data);
        assertNoCode(event, "Code1111", "Code2222", "Code3333");
    }

    @Test
    void aRefusedRequestWritesNoEventAndARepetitionNoSecondOne() {
        String issuer = newIssuer();
        // a bad last record: nothing written, no event
        List<String> batch = new ArrayList<>(records(10, "Good"));
        batch.add(record("95000000", proxy(99), "123"));
        set(issuer, array(batch)).then().statusCode(400);
        set(issuer, "[]").then().statusCode(400);
        assertEquals(0, events(issuer).size());

        String good = array(records(10, "Good"));
        set(issuer, good).then().statusCode(200);
        set(issuer, good).then().statusCode(200); // the same batch again: nothing to write, no second event
        assertEquals(1, events(issuer).size());

        // one card changed in between: the repetition writes it back, and says so (one card)
        set(issuer, array(List.of(record("95000000", proxy(4), "Other4")))).then().statusCode(200);
        set(issuer, good).then().statusCode(200);
        List<Map<String, Object>> events = events(issuer);
        assertEquals(3, events.size(), events.toString());
        JsonObject last = new JsonObject((String) events.get(2).get("payload"));
        assertEquals(1, last.getInteger("count"));
        assertEquals(new JsonArray().add(card("95000000", proxy(4))), last.getJsonArray("cards"));
        assertTrue((Long) events.get(0).get("sequence") < (Long) events.get(1).get("sequence"));
        assertTrue((Long) events.get(1).get("sequence") < (Long) events.get(2).get("sequence"));
        events.forEach(e -> assertNoCode(e, "Good4", "Other4"));
    }

    @Test
    void aCardThatGetsLockedIsOneLockedEventAndFurtherAttemptsAddNone() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        for (int i = 1; i <= 4; i++) {
            verify(issuer, "1", "2", "Wrong" + i).then().statusCode(422);
        }
        assertEquals(0, locks(issuer).size(), "not locked yet");
        String correlation = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        as(issuer).header("x-correlation-id", correlation).body(record("1", "2", "Wrong5"))
                .post(Activation.VERIFY).then().statusCode(423);
        // locked: the right code, a wrong one, again: still locked, no second event
        verify(issuer, "1", "2", "Secret1").then().statusCode(423);
        verify(issuer, "1", "2", "Wrong6").then().statusCode(423);

        List<Map<String, Object>> locks = locks(issuer);
        assertEquals(1, locks.size(), locks.toString());
        Map<String, Object> lock = locks.get(0);
        assertEquals("issuer:" + issuer, lock.get("tenant"));
        assertEquals("2", lock.get("entity_id"));
        assertEquals(correlation, lock.get("correlation_id"));
        assertEquals(new JsonObject().put("issuerId", issuer).put("cardId", "2").put("quoteNumber", "1")
                .put("reason", "TOO_MANY_FAILED_ATTEMPTS"), new JsonObject((String) lock.get("payload")));
        assertNoCode(lock, "Secret1", "Wrong5");

        // a new code unlocks; locking it again is a new event, later in sequence
        set(issuer, array(List.of(record("1", "2", "Secret2")))).then().statusCode(200);
        for (int i = 1; i <= 5; i++) {
            verify(issuer, "1", "2", "Again" + i);
        }
        locks = locks(issuer);
        assertEquals(2, locks.size(), locks.toString());
        assertTrue((Long) locks.get(0).get("sequence") < (Long) locks.get(1).get("sequence"));
    }

    @Test
    void matchesAndFailuresBelowTheLimitAndUnknownCardsWriteNoEvent() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        verify(issuer, "1", "2", "Wrong1").then().statusCode(422);
        verify(issuer, "1", "2", "Secret1").then().statusCode(200);
        // an unknown card locks like a known one, but it is not a card of the issuer: nothing is announced
        for (int i = 0; i < 6; i++) {
            verify(issuer, "1", "3", "Wrong" + i);
        }
        assertEquals(423, verify(issuer, "1", "3", "Wrong9").statusCode());
        assertEquals(List.of("activation_codes.set"), events(issuer).stream().map(e -> e.get("event_type")).toList());
    }

    // ---------------------------------------------------------------------------------------------------------

    static JsonObject card(String quote, String proxy) {
        return new JsonObject().put("cardId", proxy).put("quoteNumber", quote);
    }

    static List<Map<String, Object>> events(String issuer) {
        return TestDatabase.query("SELECT event_type, tenant, entity_id, sequence, payload::text AS payload, "
                + "correlation_id FROM activation.outbox_event WHERE tenant = ? ORDER BY sequence", "issuer:" + issuer);
    }

    static List<Map<String, Object>> locks(String issuer) {
        return events(issuer).stream().filter(e -> "activation_code.locked".equals(e.get("event_type"))).toList();
    }

    /** Neither a code of the test nor any stored hash (hex or base64 of a row's code_hmac) in what was recorded. */
    static void assertNoCode(Map<String, Object> event, String... codes) {
        String payload = (String) event.get("payload");
        for (String code : codes) {
            assertFalse(payload.contains(code), payload);
        }
        for (Map<String, Object> row : TestDatabase.query("SELECT encode(code_hmac, 'hex') AS hex, "
                + "encode(code_hmac, 'base64') AS b64 FROM activation.activation_codes WHERE code_hmac IS NOT NULL "
                + "AND issuer_id = ?", ((String) event.get("tenant")).substring("issuer:".length()))) {
            assertFalse(payload.contains((String) row.get("hex")), payload);
            assertFalse(payload.contains((String) row.get("b64")), payload);
        }
    }
}
