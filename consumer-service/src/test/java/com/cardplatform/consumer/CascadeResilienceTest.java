package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cascade into card-service when card-service is down, failing, slow or refusing: the delete is committed
 * with its outbox row, the operation stays PENDING, and the worker completes it (SUCCESSFUL) once card-service
 * answers, or gives up (FAILED) with errorCode and error. Nothing lives in memory only: every test can be read as
 * "consumer-service restarted here".
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class CascadeResilienceTest {

    /** The seed's pattern of {@code error}. */
    private static final String ERROR_PATTERN = "^[a-zA-Z0-9_ /\\\\\\[\\],.'#;:{}()?!*-]*$";
    private static final Duration WORKER = Duration.ofSeconds(45);

    private final FakeCardService cards = FakeCardService.get();

    @AfterEach
    void healthyCardService() {
        cards.healthy();
        awaitOutboxDrained();
    }

    @Test
    void whileCardServiceIsDownTheDeleteStaysPendingAndCompletesWhenItIsBack() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        cards.seedCards(ISSUER, consumerId, 2, 1);
        cards.stop();

        Response response = delete(ISSUER, consumerId, "{\"reason\":\"closing the relationship\"}");
        response.then().statusCode(200).body("status", equalTo("PENDING"));
        String operationId = response.path("operationId");

        // the delete itself is committed: tombstone, no accounts, the operation and its outbox row
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM consumer.accounts WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
        Map<String, Object> pending = operation(ISSUER, consumerId, operationId);
        assertEquals("PENDING", pending.get("status"));
        assertFalse(pending.containsKey("endTime"));
        assertFalse(pending.containsKey("errorCode"));
        assertFalse(pending.containsKey("details"));

        // the worker keeps trying while card-service is down; each failure is recorded
        await(WORKER, "three attempts", () -> attempts(operationId) >= 3 ? Boolean.TRUE : null);
        // the operator sees it waiting: the worker's backlog gauges count it, and how long it has been waiting
        await(WORKER, "consumer_cascade_backlog to count the waiting cascade",
                () -> gauge("consumer_cascade_backlog") >= 1 && gauge("consumer_cascade_oldest_seconds") >= 1
                        ? Boolean.TRUE : null);
        Map<String, Object> outbox = outbox(operationId);
        assertNull(outbox.get("completed_at"));
        assertNotNull(outbox.get("last_error"));
        assertTrue(cards.hasCards(ISSUER, consumerId), "nothing could be deleted in card-service yet");
        // a consumer deleted is deleted, even while its cards are not: it cannot come back
        assertD1Error(as(provisioningToken(ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:suspend"), 403,
                "OPERATION_NOT_ALLOWED", "SUSPEND");

        cards.start();
        Map<String, Object> done = awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);
        assertTrue(((String) done.get("endTime")).matches(ISO_MILLIS));
        assertEquals(Map.of("deletedAccounts", 1, "deletedCards", 2, "deletedDigitalCards", 1), done.get("details"));
        assertEquals("closing the relationship", done.get("reason"));
        assertFalse(cards.hasCards(ISSUER, consumerId));
        assertEquals("SUCCESSFUL", outbox(operationId).get("outcome"));
        assertEquals(1, cards.callsFor(ISSUER, consumerId).stream().filter(c -> c.status() == 200).count());
        // and no longer counts it: the gauge follows the open outbox rows
        await(WORKER, "consumer_cascade_backlog to count the open outbox rows", () -> gauge("consumer_cascade_backlog")
                == TestDatabase.count("SELECT count(*) FROM consumer.cascade_outbox WHERE completed_at IS NULL")
                ? Boolean.TRUE : null);
    }

    @Test
    void serviceUnavailableAnswersAreRetriedUntilCardServiceRecovers() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 4, 2);
        cards.failNext(consumerId, 5, 503);

        String operationId = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("PENDING"))
                .extract().path("operationId");
        Map<String, Object> done = awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);

        List<FakeCardService.Call> calls = cards.callsFor(ISSUER, consumerId);
        assertEquals(5, calls.stream().filter(c -> c.status() == 503).count(), calls.toString());
        assertEquals(1, calls.stream().filter(c -> c.status() == 200).count(), calls.toString());
        assertEquals(200, calls.get(calls.size() - 1).status());
        assertEquals(Map.of("deletedAccounts", 0, "deletedCards", 4, "deletedDigitalCards", 2), done.get("details"));
        assertTrue(attempts(operationId) >= 2, "the worker made further attempts after the first");
    }

    /**
     * W3C trace context: the delete request continues the caller's trace (its traceparent names the caller's trace
     * id), and every call into card-service belongs to it, the immediate attempt's and the worker's retries alike
     * (the worker restores the traceparent kept with the outbox row).
     */
    @Test
    void everyAttemptOfTheCascadeContinuesTheTraceOfTheDeleteRequest() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 1, 0);
        cards.failNext(consumerId, 5, 503);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String operationId = as(operationsToken(ISSUER)).urlEncodingEnabled(false)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .post("/issuers/{issuerId}/consumers/{consumerId}/operations:delete", ISSUER, consumerId)
                .then().statusCode(200).body("status", equalTo("PENDING"))
                .extract().path("operationId");
        awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);
        assertTrue(attempts(operationId) >= 2, "the worker made further attempts after the first");
        assertEquals(traceIdOf(outbox(operationId).get("traceparent")), traceId, "kept with the outbox row");

        List<FakeCardService.Call> calls = cards.callsFor(ISSUER, consumerId);
        assertEquals(6, calls.size(), calls.toString());
        for (FakeCardService.Call call : calls) {
            assertEquals(traceId, traceIdOf(call.traceparent()), "every call is in the trace: " + calls);
        }
        // each call is a span of its own
        assertEquals(calls.size(), calls.stream().map(FakeCardService.Call::traceparent).distinct().count(),
                calls.toString());
    }

    private static String traceIdOf(Object traceparent) {
        assertNotNull(traceparent);
        String[] parts = traceparent.toString().split("-");
        assertEquals(4, parts.length, traceparent.toString());
        return parts[1];
    }

    @Test
    void internalErrorsOfCardServiceAreRetriedToo() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.failNext(consumerId, 3, 500);
        String operationId = delete(ISSUER, consumerId, null).then().statusCode(200).extract().path("operationId");
        awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);
        assertEquals(3, cards.callsFor(ISSUER, consumerId).stream().filter(c -> c.status() == 500).count());
    }

    /**
     * A slow card-service: each try times out, the request answers PENDING without waiting for ever, and card-service
     * deletes the cards anyway (the answer is lost). The next attempts call again: the endpoint is idempotent, so
     * the duplicate calls answer zeros and change nothing; the operation completes.
     */
    @Test
    void aSlowCardServiceTimesOutAndDuplicateCallsAreHarmless() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 3, 0);
        cards.slow(4_000);

        long started = System.nanoTime();
        String operationId = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("PENDING"))
                .extract().path("operationId");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // a hang guard, not a speed target: the delete must not wait for card-service's slow answers forever
        // (timeout + retries are bounded); speed lives in bench/consumer.sh
        assertTrue(tookMillis < 90_000, "the delete answered after " + tookMillis + " ms");

        // card-service did delete the cards, but its answers never arrived in time
        await(WORKER, "card-service to delete the cards", () -> cards.hasCards(ISSUER, consumerId) ? null : true);
        assertEquals("PENDING", operation(ISSUER, consumerId, operationId).get("status"));

        cards.slow(0);
        Map<String, Object> done = awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);
        List<FakeCardService.Call> successes = cards.callsFor(ISSUER, consumerId).stream()
                .filter(c -> c.status() == 200).toList();
        assertTrue(successes.size() >= 2, "the cascade was called again after the lost answer: " + successes);
        assertEquals(3, successes.get(0).deletedCards());
        assertEquals(0, successes.get(successes.size() - 1).deletedCards(), "a repeated call deletes nothing more");
        assertEquals("SUCCESSFUL", done.get("status"));
    }

    @Test
    void aRefusalByCardServiceFailsTheOperationAtOnce() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        cards.failAlways(400);

        String operationId = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("FAILED"))
                .extract().path("operationId");
        Map<String, Object> failed = operation(ISSUER, consumerId, operationId);
        assertEquals("FAILED", failed.get("status"));
        assertTrue(((String) failed.get("endTime")).matches(ISO_MILLIS));
        assertEquals("CARD_CASCADE_REJECTED", failed.get("errorCode"));
        assertErrorText((String) failed.get("error"));
        assertTrue(((String) failed.get("error")).contains("HTTP 400"), (String) failed.get("error"));
        assertEquals(1, cards.callsFor(ISSUER, consumerId).size(), "a refusal is not retried");
        assertEquals("FAILED", outbox(operationId).get("outcome"));
        // the consumer stays deleted: the deletion cannot be reversed
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    @Test
    void aCascadeThatCannotCompleteInTimeOrInAttemptsBecomesFailed() {
        String old = newConsumerId();
        String tired = newConsumerId();
        register(ISSUER, old);
        register(ISSUER, tired);
        cards.stop();
        String oldOperation = delete(ISSUER, old, null).then().body("status", equalTo("PENDING")).extract().path("operationId");
        String tiredOperation = delete(ISSUER, tired, null).then().body("status", equalTo("PENDING")).extract().path("operationId");

        // older than max-age (1 hour in tests); out of attempts (max 1000 in tests)
        TestDatabase.execute("UPDATE consumer.cascade_outbox SET created_at = now() - interval '2 hours', "
                + "next_attempt_at = now() WHERE operation_id = '" + oldOperation + "'");
        TestDatabase.execute("UPDATE consumer.cascade_outbox SET attempts = 999, next_attempt_at = now() "
                + "WHERE operation_id = '" + tiredOperation + "'");

        for (String[] op : new String[][] {{old, oldOperation}, {tired, tiredOperation}}) {
            Map<String, Object> failed = awaitStatus(ISSUER, op[0], op[1], "FAILED", WORKER);
            assertEquals("CARD_CASCADE_UNAVAILABLE", failed.get("errorCode"));
            assertErrorText((String) failed.get("error"));
            assertTrue(((String) failed.get("endTime")).matches(ISO_MILLIS));
            assertEquals("FAILED", outbox(op[1]).get("outcome"));
        }
        assertTrue(((String) operation(ISSUER, tired, tiredOperation).get("error")).contains("1000 attempts"));
    }

    /** What a consumer-service that crashed right after the delete committed leaves behind, and nothing more. */
    @Test
    void aCascadeLeftByACrashedInstanceIsFinishedFromTheDatabaseAlone() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 1, 1);
        String operationId = "CRASH" + consumerId.substring(2);
        TestDatabase.execute("UPDATE consumer.consumers SET status = 'DELETED', deleted_at = now() "
                + "WHERE issuer_id = '" + ISSUER + "' AND consumer_id = '" + consumerId + "'");
        TestDatabase.execute("INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, "
                + "start_time, requestor_type, requestor_id, reason_code) VALUES ('" + operationId + "', '" + ISSUER
                + "', '" + consumerId + "', 'DELETE', 'PENDING', now(), 'ISSUER', '" + ISSUER + "', 'ISSUER_DECISION')");
        // its lease has run out: the instance that wrote it is gone
        TestDatabase.execute("INSERT INTO consumer.cascade_outbox (operation_id, issuer_id, consumer_id, correlation_id, "
                + "deleted_accounts, attempts, created_at, next_attempt_at) VALUES ('" + operationId + "', '" + ISSUER
                + "', '" + consumerId + "', 'crashed-request-7', 0, 1, now(), now() - interval '1 second')");

        Map<String, Object> done = awaitStatus(ISSUER, consumerId, operationId, "SUCCESSFUL", WORKER);
        assertEquals(Map.of("deletedAccounts", 0, "deletedCards", 1, "deletedDigitalCards", 1), done.get("details"));
        List<FakeCardService.Call> calls = cards.callsFor(ISSUER, consumerId);
        assertEquals(1, calls.size());
        assertEquals("crashed-request-7", calls.get(0).correlationId(), "the request's correlation id travels along");
    }

    @Test
    void theTokenIsCachedAndRenewedWhenCardServiceRefusesIt() {
        String first = newConsumerId();
        register(ISSUER, first);
        delete(ISSUER, first, null).then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
        int before = cards.tokenRequests();
        for (int i = 0; i < 3; i++) {
            String consumerId = newConsumerId();
            register(ISSUER, consumerId);
            delete(ISSUER, consumerId, null).then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
        }
        assertEquals(before, cards.tokenRequests(), "the cached token was reused");

        // card-service stops accepting the token: one 401, a new token, done
        cards.rotateToken();
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        delete(ISSUER, consumerId, null).then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
        List<FakeCardService.Call> calls = cards.callsFor(ISSUER, consumerId);
        assertEquals(List.of(401, 200), calls.stream().map(FakeCardService.Call::status).toList());
        assertFalse(calls.get(0).authorization().equals(calls.get(1).authorization()));
        assertEquals(before + 1, cards.tokenRequests());
    }

    private static void assertErrorText(String error) {
        assertNotNull(error);
        assertTrue(error.length() <= 256, error);
        assertTrue(error.matches(ERROR_PATTERN), error);
    }

    private static int attempts(String operationId) {
        return ((Number) outbox(operationId).get("attempts")).intValue();
    }

    private static Map<String, Object> outbox(String operationId) {
        return TestDatabase.query("SELECT attempts, completed_at, outcome, last_error, traceparent "
                + "FROM consumer.cascade_outbox WHERE operation_id = ?", operationId).get(0);
    }
}
