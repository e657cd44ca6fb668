package com.cardplatform.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What a service does (insert into its outbox) and what the receiver saw, for the relay's tests. */
final class Outbox {

    record Inserted(String eventId, long sequence) {
    }

    private Outbox() {
    }

    static Inserted insert(String type, String entityId, JsonObject payload, String correlationId) {
        return insert(type, entityId, payload, correlationId, null);
    }

    static Inserted insert(String type, String entityId, JsonObject payload, String correlationId,
            String traceparent) {
        Map<String, Object> row = TestDatabase.query("INSERT INTO probe.outbox_event (event_type, tenant, entity_id, "
                + "payload, correlation_id, traceparent) VALUES (?, 'issuer:PROBE00001', ?, ?::jsonb, ?, ?) "
                + "RETURNING event_id::text, sequence", type, entityId, payload.encode(), correlationId, traceparent)
                .get(0);
        return new Inserted((String) row.get("event_id"), ((Number) row.get("sequence")).longValue());
    }

    /** {@code count} events of the entity in one statement (a backlog appears at once). */
    static void insertMany(String entityId, int count) {
        // the entity is a test's own "<name>-<uuid>": nothing to quote
        TestDatabase.execute("INSERT INTO probe.outbox_event (event_type, tenant, entity_id, payload) "
                + "SELECT 'probe.widget.updated', 'client:probe', '" + entityId + "', jsonb_build_object('n', n) "
                + "FROM generate_series(1, " + count + ") n");
    }

    static long rows(String entityId) {
        return TestDatabase.count("SELECT count(*) FROM probe.outbox_event WHERE entity_id = ?", entityId);
    }

    /** Rows of the entity that no claim holds (a claim's delete is not committed: its rows are still there, locked). */
    static long claimable(String entityId) {
        return TestDatabase.count("SELECT count(*) FROM (SELECT 1 FROM probe.outbox_event WHERE entity_id = ? "
                + "FOR UPDATE SKIP LOCKED) free", entityId);
    }

    /**
     * Waits for something the relay does on its own schedule. The bound only stops a broken relay from hanging
     * the build; nothing is asserted about how fast it is.
     */
    static void await(String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                fail("never happened: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static JsonArray requests(String receiverUrl) {
        return new JsonArray(given().baseUri(receiverUrl).get("/test/requests").then().statusCode(200)
                .extract().asString());
    }

    static JsonArray tokenRequests(String receiverUrl) {
        return new JsonArray(given().baseUri(receiverUrl).get("/test/token-requests").then().statusCode(200)
                .extract().asString());
    }

    /** The receiver's next answer to the intake. */
    static void answerNext(String receiverUrl, int status) {
        given().baseUri(receiverUrl).post("/test/answer?status=" + status).then().statusCode(204);
    }

    /** The intake requests that carried an event of this entity. */
    static List<JsonObject> requestsFor(String receiverUrl, String entityId) {
        List<JsonObject> found = new ArrayList<>();
        for (Object o : requests(receiverUrl)) {
            JsonObject request = (JsonObject) o;
            for (Object e : request.getJsonObject("body").getJsonArray("events")) {
                if (entityId.equals(((JsonObject) e).getString("entityId"))) {
                    found.add(request);
                    break;
                }
            }
        }
        return found;
    }

    /** The events of this entity in the requests notification-service accepted. */
    static List<JsonObject> accepted(String receiverUrl, String entityId) {
        List<JsonObject> events = new ArrayList<>();
        for (JsonObject request : requestsFor(receiverUrl, entityId)) {
            if (request.getInteger("status") / 100 == 2) {
                for (Object e : request.getJsonObject("body").getJsonArray("events")) {
                    if (entityId.equals(((JsonObject) e).getString("entityId"))) {
                        events.add((JsonObject) e);
                    }
                }
            }
        }
        return events;
    }
}
