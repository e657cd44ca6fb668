package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "The action cascades to delete all the accounts, cards and digital cards associated with the end user" (seed 001),
 * also when the cascade gave up: a FAILED deletion is completed by deleting the consumer again, which starts a new
 * DELETE operation, while the failed one keeps its error. Every cascade that gives up is one WARN line and one
 * increment of {@code consumer_deletion_cascade_failed_total}. Here the cascade gives up after
 * {@value ShortGiveUpResource#MAX_ATTEMPTS} attempts ({@link ShortGiveUpResource}).
 */
@QuarkusTest
@WithTestResource(ShortGiveUpResource.class)
class DeletionRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String UNAVAILABLE = "CARD_CASCADE_UNAVAILABLE";
    private static final String REJECTED = "CARD_CASCADE_REJECTED";

    private final FakeCardService cards = FakeCardService.get();

    @AfterEach
    void healthyCardService() {
        cards.healthy();
        awaitOutboxDrained();
    }

    @Test
    void aCascadeThatGaveUpWhileCardServiceWasDownIsCompletedByDeletingAgain() {
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId, "acc-1");
        cards.seedCards(ISSUER, consumerId, 2, 1);
        double failedBefore = failedCascades(UNAVAILABLE);
        cards.stop();

        String first = delete(ISSUER, consumerId, "{\"reason\":\"closing the relationship\"}")
                .then().statusCode(200).body("status", equalTo("PENDING"))
                .extract().path("operationId");
        // asked again while the cascade is still being retried: the same operation, nothing new
        delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("operationId", equalTo(first)).body("status", equalTo("PENDING"));
        assertEquals(1, deleteOperations(consumerId));

        // card-service stays unreachable past the give-up limit
        Map<String, Object> failed = awaitStatus(ISSUER, consumerId, first, "FAILED", WAIT);
        assertEquals(UNAVAILABLE, failed.get("errorCode"));
        assertTrue(((String) failed.get("error")).contains(ShortGiveUpResource.MAX_ATTEMPTS + " attempts"),
                (String) failed.get("error"));
        assertTrue(((String) failed.get("endTime")).matches(ISO_MILLIS));
        assertFalse(failed.containsKey("details"));
        assertEquals(ShortGiveUpResource.MAX_ATTEMPTS, attempts(first));
        assertTrue(cards.hasCards(ISSUER, consumerId), "the cards are stranded in card-service");
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId), "the consumer stays deleted");
        // the operator sees it: one WARN line naming the operation and the consumer, one increment of the metric
        assertWarned(first, consumerId, UNAVAILABLE);
        awaitFailedCascades(UNAVAILABLE, failedBefore + 1);

        // card-service is back; the issuer deletes the consumer again
        cards.start();
        Response again = delete(ISSUER, consumerId, "{\"reason\":\"deleting again\",\"reasonCode\":\"USER_DECISION\"}");
        again.then().statusCode(200).body("operationId", not(equalTo(first)));
        String second = again.path("operationId");
        assertTrue(second.matches(OPERATION_ID), second);
        Map<String, Object> done = awaitStatus(ISSUER, consumerId, second, "SUCCESSFUL", WAIT);
        assertEquals("DELETE", done.get("operation"));
        assertEquals(Map.of("deletedAccounts", 1, "deletedCards", 2, "deletedDigitalCards", 1), done.get("details"),
                "the operation that completes the deletion reports all of it (the accounts went with the first)");
        assertEquals("deleting again", done.get("reason"));
        assertEquals("USER_DECISION", done.get("reasonCode"));
        assertTrue(((String) done.get("endTime")).matches(ISO_MILLIS));
        assertFalse(done.containsKey("errorCode"));
        assertFalse(cards.hasCards(ISSUER, consumerId), "every card and digital card deleted");
        assertEquals(failed, operation(ISSUER, consumerId, first), "the failed operation keeps its error, unchanged");
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));

        as(operationsToken(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(second, first, registration)))
                .body("operations.status", equalTo(List.of("SUCCESSFUL", "FAILED", "SUCCESSFUL")))
                .body("remainingOperations", equalTo(0));
        assertEquals(List.of(Map.of("operation_id", first, "outcome", "FAILED"),
                        Map.of("operation_id", second, "outcome", "SUCCESSFUL")),
                TestDatabase.query("SELECT operation_id, outcome FROM consumer.cascade_outbox WHERE issuer_id = ? "
                        + "AND consumer_id = ? ORDER BY created_at", ISSUER, consumerId));

        // a third delete answers the operation that completed it, and does nothing
        delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("operationId", equalTo(second)).body("status", equalTo("SUCCESSFUL"));
        assertEquals(2, deleteOperations(consumerId));
        assertEquals(1, cards.callsFor(ISSUER, consumerId).stream().filter(c -> c.status() == 200).count());
        assertEquals(failedBefore + 1, failedCascades(UNAVAILABLE), "a completed deletion counts no failure");
    }

    @Test
    void aCascadeRefusedByCardServiceIsCompletedByDeletingAgain() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 1, 1);
        cards.failNext(consumerId, 1, 400);
        double failedBefore = failedCascades(REJECTED);

        String first = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("FAILED"))
                .extract().path("operationId");
        Map<String, Object> failed = operation(ISSUER, consumerId, first);
        assertEquals(REJECTED, failed.get("errorCode"));
        assertTrue(cards.hasCards(ISSUER, consumerId));
        assertWarned(first, consumerId, REJECTED);
        awaitFailedCascades(REJECTED, failedBefore + 1);

        String second = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("SUCCESSFUL"))
                .extract().path("operationId");
        assertNotEquals(first, second);
        assertEquals(Map.of("deletedAccounts", 0, "deletedCards", 1, "deletedDigitalCards", 1),
                operation(ISSUER, consumerId, second).get("details"));
        assertFalse(cards.hasCards(ISSUER, consumerId));
        assertEquals(failed, operation(ISSUER, consumerId, first));
        assertEquals(List.of(400, 200), cards.callsFor(ISSUER, consumerId).stream()
                .map(FakeCardService.Call::status).toList());
    }

    /** Repetitions racing each other after a failure start ONE new operation, and all of them answer it. */
    @Test
    void concurrentRepeatedDeletesAfterAFailureStartOneOperation() throws Exception {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        cards.seedCards(ISSUER, consumerId, 1, 0);
        cards.failNext(consumerId, 1, 400);
        String first = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("FAILED"))
                .extract().path("operationId");

        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return delete(ISSUER, consumerId, null);
                }));
            }
            go.countDown();
            Set<String> operationIds = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.asString());
                operationIds.add(response.path("operationId"));
            }
            assertEquals(1, operationIds.size(), "every repetition answers the same new operation: " + operationIds);
            String second = operationIds.iterator().next();
            assertNotEquals(first, second);
            awaitStatus(ISSUER, consumerId, second, "SUCCESSFUL", WAIT);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, deleteOperations(consumerId));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM consumer.cascade_outbox WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
        assertEquals(1, cards.callsFor(ISSUER, consumerId).stream().filter(c -> c.status() == 200).count());
        assertFalse(cards.hasCards(ISSUER, consumerId));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static long deleteOperations(String consumerId) {
        return TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE issuer_id = ? AND consumer_id = ? "
                + "AND operation = 'DELETE'", ISSUER, consumerId);
    }

    private static int attempts(String operationId) {
        return ((Number) TestDatabase.query("SELECT attempts FROM consumer.cascade_outbox WHERE operation_id = ?",
                operationId).get(0).get("attempts")).intValue();
    }

    /** The value of {@code consumer_deletion_cascade_failed_total} for this error code, as Prometheus scrapes it. */
    static double failedCascades(String errorCode) {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^consumer_deletion_cascade_failed_total\\{[^}]*error_code=\"" + errorCode
                + "\"[^}]*}\\s+(\\S+)$").matcher(metrics);
        assertTrue(m.find(), "consumer_deletion_cascade_failed_total{error_code=\"" + errorCode + "\"} is exposed");
        return Double.parseDouble(m.group(1));
    }

    private static void awaitFailedCascades(String errorCode, double expected) {
        await(WAIT, "consumer_deletion_cascade_failed_total{error_code=\"" + errorCode + "\"} to reach " + expected,
                () -> failedCascades(errorCode) == expected ? Boolean.TRUE : null);
        assertEquals(expected, failedCascades(errorCode), "counted once");
    }

    /** Exactly one WARN line of the application names the failed operation, its consumer and the error code. */
    private static void assertWarned(String operationId, String consumerId, String errorCode) {
        List<String> lines = await(WAIT, "the WARN line of the failed cascade " + operationId + " in "
                + ShortGiveUpResource.LOG, () -> {
                    List<String> found = logLines(operationId).stream()
                            .filter(l -> l.contains("Deletion cascade FAILED")).toList();
                    return found.isEmpty() ? null : found;
                });
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains(" WARN "), line);
        assertTrue(line.contains(consumerId) && line.contains(errorCode), line);
        assertFalse(line.contains(FakeCardService.CLIENT_SECRET) || line.contains("Bearer"), line);
    }

    private static List<String> logLines(String containing) {
        if (!Files.exists(ShortGiveUpResource.LOG)) {
            return List.of();
        }
        try {
            return Files.readAllLines(ShortGiveUpResource.LOG, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(containing)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
