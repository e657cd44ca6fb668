package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Seed 001: "The action cascades to delete all the accounts, cards and digital cards associated with the end user",
 * also when the cascade gave up. On the running platform, with the real card-service: a consumer with accounts,
 * cards and digital cards is deleted while card-service is stopped; the cascade gives up (FAILED, a WARN line in
 * consumer-service's log, {@code consumer_deletion_cascade_failed_total} + 1) and the cards stay active; card-service
 * starts again; deleting the consumer again starts a new DELETE operation that leaves every card and digital card
 * DELETED, and the failed operation keeps its error.
 *
 * <p>The give-up limit is made short for this class only: consumer-service is restarted with
 * {@value #MAX_ATTEMPTS} attempts and a circuit breaker that does not open (so that card-service's return is seen by
 * the next attempt), and restarted with the stack's own settings afterwards.</p>
 */
@Order(4)
class ConsumerDeletionRecoveryIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final int MAX_ATTEMPTS = 3;
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String FAULT_TOLERANCE =
            "quarkus.fault-tolerance.\"com.cardplatform.consumer.client.CardServiceClient/deleteCards\".";

    static SharedStack shared;
    static String d1;

    @BeforeAll
    static void consumerServiceGivesUpSoon() {
        shared = SharedStack.get();
        d1 = shared.token("local-d1-issuer");
        List<String> jvm = List.of(
                "-Dplatform.consumer.cascade.max-attempts=" + MAX_ATTEMPTS,
                "-Dplatform.consumer.cascade.backoff-initial=PT0.5S",
                "-Dplatform.consumer.cascade.backoff-max=PT1S",
                "-Dplatform.consumer.cascade.every=1s",
                "-D" + FAULT_TOLERANCE + "circuit-breaker.request-volume-threshold=100000");
        shared.stack().stopService("consumer-service");
        shared.stack().startService("consumer-service", jvm);
    }

    @AfterAll
    static void stackSettingsAgain() {
        // the classes after this one get the stack as it was: card-service running, consumer-service as configured
        LocalStack stack = shared.stack();
        if (!stack.service("card-service").isAlive()) {
            stack.startService("card-service");
        }
        stack.stopService("consumer-service");
        stack.startService("consumer-service");
    }

    @Test
    void aDeletionWhoseCascadeGaveUpIsCompletedByDeletingAgain() {
        String consumer = "recover-" + RUN;
        List<String> cards = List.of("RC-" + RUN + "-1D", "RC-" + RUN + "-1C", "RC-" + RUN + "-2D");
        List<String> digitalCards = List.of("RCDC-" + RUN + "-1", "RCDC-" + RUN + "-2");
        String registration = provision(consumer, cards, digitalCards);
        for (String card : cards) {
            assertNotEquals("DELETED", cardStatus(card), card);
        }
        double failedBefore = failedCascades();

        shared.stack().stopService("card-service");
        assertFalse(shared.stack().service("card-service").isAlive());
        Api.Response deleted = delete(consumer, "closing the relationship");
        assertEquals("PENDING", deleted.json().path("status").asText(), deleted.body());
        String first = deleted.json().path("operationId").asText();

        JsonNode failed = await("operation " + first + " of " + consumer + " to become FAILED (" + MAX_ATTEMPTS
                + " attempts while card-service is stopped)", () -> {
                    JsonNode op = operation(consumer, first);
                    assertNotEquals("SUCCESSFUL", op.path("status").asText(), op.toString());
                    return "FAILED".equals(op.path("status").asText()) ? op : null;
                });
        assertEquals("CARD_CASCADE_UNAVAILABLE", failed.path("errorCode").asText(), failed.toString());
        assertTrue(failed.path("error").asText().contains(MAX_ATTEMPTS + " attempts"), failed.toString());
        assertTrue(failed.hasNonNull("endTime"), failed.toString());
        // stranded: the consumer is deleted, its cards and digital cards are not
        assertEquals("DELETED", consumerStatus(consumer));
        for (String card : cards) {
            assertNotEquals("DELETED", cardStatus(card), card + " is still active while the cascade has failed");
        }
        for (String digitalCard : digitalCards) {
            assertNotEquals("DELETED", digitalCardStatus(digitalCard), digitalCard);
        }
        // what the operator sees: one WARN line and one more failed cascade in the metric
        String warning = await("the WARN line of the failed cascade " + first + " in consumer-service's log", () -> {
            List<String> lines = logLines(first).stream().filter(l -> l.contains("Deletion cascade FAILED")).toList();
            return lines.isEmpty() ? null : String.join("\n", lines);
        });
        assertFalse(warning.contains("\n"), "one line: " + warning);
        assertTrue(warning.contains(" WARN ") && warning.contains(consumer)
                && warning.contains("CARD_CASCADE_UNAVAILABLE"), warning);
        assertEquals(failedBefore + 1, failedCascades(), "consumer_deletion_cascade_failed_total counted it once");

        shared.stack().startService("card-service");
        Api.Response again = delete(consumer, "deleting again");
        String second = again.json().path("operationId").asText();
        assertNotEquals(first, second, "a new DELETE operation: " + again.body());
        JsonNode done = await("operation " + second + " of " + consumer + " to become SUCCESSFUL", () -> {
            JsonNode op = operation(consumer, second);
            assertNotEquals("FAILED", op.path("status").asText(), op.toString());
            return "SUCCESSFUL".equals(op.path("status").asText()) ? op : null;
        });
        assertEquals("DELETE", done.path("operation").asText());
        assertEquals("deleting again", done.path("reason").asText());
        assertEquals(2, done.path("details").path("deletedAccounts").asInt(), done.toString());
        assertEquals(cards.size(), done.path("details").path("deletedCards").asInt(), done.toString());
        assertEquals(digitalCards.size(), done.path("details").path("deletedDigitalCards").asInt(), done.toString());
        assertEquals(failed, operation(consumer, first), "the failed operation keeps its error, unchanged");

        // every card and digital card DELETED, once
        for (String card : cards) {
            assertEquals("DELETED", cardStatus(card), card);
            assertEquals(1, shared.count("select count(*) from card.card_status_history where issuer_id = ? "
                    + "and card_id = ? and to_status = 'DELETED'", ISSUER, card), card + " deleted exactly once");
        }
        for (String digitalCard : digitalCards) {
            assertEquals("DELETED", digitalCardStatus(digitalCard), digitalCard);
        }
        assertEquals("DELETED", consumerStatus(consumer));
        assertEquals(0, shared.count("select count(*) from consumer.accounts where issuer_id = ? and consumer_id = ?",
                ISSUER, consumer));

        Api.Response list = Api.call("GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations", d1, null);
        assertEquals(200, list.status(), list.body());
        List<String> listed = new ArrayList<>();
        list.json().path("operations").forEach(op -> listed.add(op.path("operationId").asText() + " "
                + op.path("operation").asText() + " " + op.path("status").asText()));
        assertEquals(List.of(second + " DELETE SUCCESSFUL", first + " DELETE FAILED", registration + " REGISTER SUCCESSFUL"),
                listed);
        // asking once more answers the operation that completed the deletion, and starts nothing
        assertEquals(second, delete(consumer, "deleting again").json().path("operationId").asText());
        assertEquals(2, shared.count("select count(*) from consumer.operations where issuer_id = ? and consumer_id = ? "
                + "and operation = 'DELETE'", ISSUER, consumer));
        assertEquals(failedBefore + 1, failedCascades());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A consumer with two accounts, these cards (…D debit, …C credit, on account 1 or 2) and digital cards. */
    static String provision(String consumer, List<String> cards, List<String> digitalCards) {
        Api.Response registered = Api.call("POST", "/issuers/" + ISSUER + "/consumers", d1, Map.of("consumerId", consumer,
                "accounts", List.of(Map.of("accountId", "RA-" + RUN + "-1"), Map.of("accountId", "RA-" + RUN + "-2"))));
        assertEquals(201, registered.status(), registered.body());
        for (String card : cards) {
            String account = "RA-" + RUN + "-" + card.charAt(card.length() - 2);
            Api.Response created = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", card,
                    "consumerId", consumer, "accountId", account,
                    "productType", card.endsWith("D") ? "DEBIT" : "CREDIT"));
            assertEquals(201, created.status(), created.body());
        }
        List<String> debitCards = cards.stream().filter(c -> c.endsWith("D")).toList();
        for (int i = 0; i < digitalCards.size(); i++) {
            Api.Response created = Api.call("POST", "/issuers/" + ISSUER + "/cards/" + debitCards.get(i) + "/digitalCards",
                    d1, Map.of("digitalCardId", digitalCards.get(i), "walletProvider", "APPLE_PAY"));
            assertEquals(201, created.status(), created.body());
        }
        return registered.json().path("operationId").asText();
    }

    static Api.Response delete(String consumer, String reason) {
        Api.Response r = Api.call("POST", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations:delete", d1,
                Map.of("reason", reason, "reasonCode", "ISSUER_DECISION"));
        assertEquals(200, r.status(), consumer + ": " + r.body());
        return r;
    }

    static JsonNode operation(String consumer, String operationId) {
        Api.Response r = Api.call("GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations/" + operationId,
                d1, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static String consumerStatus(String consumer) {
        return one("select status from consumer.consumers where issuer_id = ? and consumer_id = ?", consumer);
    }

    static String cardStatus(String card) {
        return one("select status from card.cards where issuer_id = ? and card_id = ?", card);
    }

    static String digitalCardStatus(String digitalCard) {
        return one("select status from card.digital_cards where issuer_id = ? and digital_card_id = ?", digitalCard);
    }

    private static String one(String sql, String id) {
        List<List<String>> rows = shared.rows(sql, ISSUER, id);
        assertEquals(1, rows.size(), sql + " " + id + ": " + rows);
        return rows.get(0).get(0);
    }

    /** {@code consumer_deletion_cascade_failed_total{error_code="CARD_CASCADE_UNAVAILABLE"}} on consumer-service. */
    static double failedCascades() {
        String metrics = shared.direct("consumer-service", "/q/metrics");
        // the value, then (where the increment happened in a recorded trace) its exemplar: " # {span_id=...} 1.0 <ts>"
        Matcher m = Pattern.compile("(?m)^consumer_deletion_cascade_failed_total\\{[^}]*"
                + "error_code=\"CARD_CASCADE_UNAVAILABLE\"[^}]*}\\s+(\\S+)(?:\\s+#.*)?$").matcher(metrics);
        assertTrue(m.find(), "consumer_deletion_cascade_failed_total is exposed on /q/metrics: " + metrics.lines()
                .filter(l -> l.contains("consumer_deletion_cascade_failed")).toList());
        return Double.parseDouble(m.group(1));
    }

    static List<String> logLines(String containing) {
        Path log = shared.stack().service("consumer-service").log();
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(containing)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until {@code probe} gives a value; fails with what was awaited after {@link #WAIT}. */
    static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
