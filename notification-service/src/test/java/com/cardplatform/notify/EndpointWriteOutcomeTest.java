package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.client;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.errors.ApiError;
import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint created, or its secret rotated, whose answer is lost with the database connection after PostgreSQL
 * committed it ({@link PgWireProxy} drops the answer): 503 with {@code Write-Outcome: unknown}, the key stays bound to
 * the request, and its repetition finds what the first run did instead of creating a second endpoint or rotating
 * again.
 */
@QuarkusTest
@WithTestResource(NotifyWireFaultResource.class)
class EndpointWriteOutcomeTest {

    static final PgWireProxy WIRE = PgWireProxy.inFrontOfTestDatabase();
    static final Duration FIRED = Duration.ofSeconds(5);

    @AfterEach
    void disarm() {
        WIRE.disarm();
    }

    private static Response create(String clientId, String key) {
        return client(clientId).header("Idempotency-Key", key)
                .body("{\"url\":\"http://127.0.0.1:9/hooks/lost\",\"eventTypes\":[\"card.status.changed\"]}")
                .post("/webhooks/endpoints");
    }

    @Test
    void aCreationWhoseAnswerIsLostIsFoundByItsRepetition() {
        String clientId = "lost-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        WIRE.cutAfter("on conflict (created_by_request)");
        Response lost = create(clientId, key);
        WIRE.awaitFired(FIRED);
        lost.then().statusCode(503).header(ApiError.OUTCOME_HEADER, ApiError.OUTCOME_UNKNOWN_VALUE);
        assertEquals(1, endpointsOf(clientId), "PostgreSQL did create it: the case is real");

        Response again = create(clientId, key);
        again.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(1, endpointsOf(clientId));
        String id = again.jsonPath().getString("id");
        create(clientId, key).then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id))
                .body("secret", equalTo(again.jsonPath().getString("secret")));
    }

    @Test
    void aRotationWhoseAnswerIsLostIsFoundByItsRepetition() throws Exception {
        String clientId = "lost-" + UUID.randomUUID();
        Response created = create(clientId, UUID.randomUUID().toString());
        String id = created.jsonPath().getString("id");
        String key = UUID.randomUUID().toString();
        WIRE.cutAfter("set previous_secret = secret");
        Response lost = client(clientId).header("Idempotency-Key", key).post("/webhooks/endpoints/" + id + "/secret:rotate");
        WIRE.awaitFired(FIRED);
        lost.then().statusCode(503).header(ApiError.OUTCOME_HEADER, ApiError.OUTCOME_UNKNOWN_VALUE);

        Response again = client(clientId).header("Idempotency-Key", key).post("/webhooks/endpoints/" + id + "/secret:rotate");
        again.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        // rotated once: the secret signing beside the new one is still the one the endpoint was created with
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.endpoints WHERE endpoint_id = ?::uuid"
                + " AND previous_secret IS NOT NULL AND previous_secret_until IS NOT NULL", id));
        byte[] previous = (byte[]) TestDatabase.query("SELECT previous_secret FROM notify.endpoints"
                + " WHERE endpoint_id = ?::uuid", id).get(0).get("previous_secret");
        assertEquals(created.jsonPath().getString("secret"), WebhookIdempotencyTest.open(previous, "endpoint:" + id));
    }

    private static long endpointsOf(String clientId) {
        return TestDatabase.count("SELECT count(*) FROM notify.endpoints WHERE tenant = ?", "client:" + clientId);
    }
}
