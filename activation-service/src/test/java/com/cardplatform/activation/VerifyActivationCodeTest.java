package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.VERIFY;
import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.as;
import static com.cardplatform.activation.Activation.assertError;
import static com.cardplatform.activation.Activation.count;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.rows;
import static com.cardplatform.activation.Activation.set;
import static com.cardplatform.activation.Activation.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /cards/v1/verify-activation-code}: match, uniform no-match, per-card lock after 5 failures. */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class VerifyActivationCodeTest {

    static final String NO_MATCH = "Invalid Input - Activation code does not match";
    static final String LOCKED = "Invalid Input - Too many failed attempts: activation is locked until a new "
            + "activation code is set";

    @Test
    void answers200WhenTheCodeMatches() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("95000000", "6039530407033839166", "Ab12Cd")))).then().statusCode(200);
        Response response = verify(issuer, "95000000", "6039530407033839166", "Ab12Cd");
        response.then().statusCode(200).contentType(ContentType.JSON);
        assertEquals("{\"status\":200,\"success\":true,\"message\":\"Activation code matches\"}", response.asString());
    }

    @Test
    void matchesWhateverTheFormOfTheNumbers() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("95000000", "6039530407033839166", "123456")))).then().statusCode(200);
        as(issuer).body("{\"quoteNumber\":95000000,\"proxyNumber\":6039530407033839166,\"activationCode\":123456}")
                .post(VERIFY).then().statusCode(200);
        as(issuer).body(record("0095000000", "06039530407033839166", "123456")).post(VERIFY).then().statusCode(200);
    }

    @Test
    void aWrongCodeIs422AndIsCounted() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        assertError(verify(issuer, "1", "2", "Secret2"), 422, NO_MATCH);
        assertEquals(1, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
    }

    /**
     * A failed verification is counted, so with an Idempotency-Key its repetition (a partner's retry after a timeout)
     * is the kept answer, not a second failure: five retries of one attempt do not lock the card.
     */
    @Test
    void aRepeatedFailedVerificationWithItsKeyIsReplayedAndCountedOnce() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("7", "8", "Secret1")))).then().statusCode(200);
        String key = java.util.UUID.randomUUID().toString();
        String attempt = record("7", "8", "Secret2");
        Response first = as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY);
        assertError(first, 422, NO_MATCH);
        for (int i = 0; i < 5; i++) {
            Response again = as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY);
            again.then().statusCode(422).header("Idempotent-Replayed", "true");
            assertEquals(first.asString(), again.asString());
        }
        assertEquals(1, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
        // the right code, under a new key, still matches: the card was not locked by the retries
        as(issuer).header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body(record("7", "8", "Secret1"))
                .post(VERIFY).then().statusCode(200);

        // a request refused before anything changed (400) keeps nothing: its corrected retry runs under the same key
        String other = java.util.UUID.randomUUID().toString();
        as(issuer).header("Idempotency-Key", other).body("{\"quoteNumber\":\"7\",\"proxyNumber\":\"8\"}")
                .post(VERIFY).then().statusCode(400);
        as(issuer).header("Idempotency-Key", other).body(record("7", "8", "Secret1")).post(VERIFY).then()
                .statusCode(200).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    }

    /**
     * A replica that dies after the attempt was counted and before the guard kept its answer leaves the key's claim
     * abandoned, and the repetition runs again: it finds its own attempt on the card and is not counted again.
     */
    @Test
    void aFailedVerificationRepeatedAfterItsReplicaDiedIsCountedOnce() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("7", "8", "Secret1")))).then().statusCode(200);
        String key = java.util.UUID.randomUUID().toString();
        String attempt = record("7", "8", "Secret2");
        assertError(as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY), 422, NO_MATCH);
        com.cardplatform.testing.TestDatabase.execute("UPDATE activation.idempotency_key SET state = 'IN_FLIGHT',"
                + " locked_until = now() - interval '1 second', response_status = NULL, response_headers = NULL,"
                + " response_body = NULL WHERE idempotency_key = '" + key + "'");

        for (int i = 0; i < 5; i++) {
            assertError(as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY), 422, NO_MATCH);
        }
        assertEquals(1, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
        // another attempt with the same code is another attempt
        assertError(as(issuer).header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body(attempt)
                .post(VERIFY), 422, NO_MATCH);
        assertEquals(2, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
    }

    /**
     * The repetition can overlap its first run (the guard hands an "outcome unknown" request's key over at once): it
     * waits for the card's row, finds the first run's attempt committed meanwhile, and is answered as the card stands
     * (422 here), not as a card locked before it (423).
     */
    @Test
    void aRepetitionThatWaitedForItsFirstRunsAttemptIsAnsweredAsTheCardStands() throws Exception {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("7", "8", "Secret1")))).then().statusCode(200);
        String key = java.util.UUID.randomUUID().toString();
        String attempt = record("7", "8", "Secret2");
        assertError(as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY), 422, NO_MATCH);
        String card = " WHERE issuer_id = '" + issuer + "' AND proxy_number = '8'";
        String token = (String) com.cardplatform.testing.TestDatabase.query(
                "SELECT last_attempt_by_request FROM activation.activation_codes" + card).get(0).get("last_attempt_by_request");
        // as if the first run had not committed yet: its token not there, its claim handed over
        com.cardplatform.testing.TestDatabase.execute("UPDATE activation.activation_codes SET last_attempt_by_request"
                + " = NULL" + card);
        com.cardplatform.testing.TestDatabase.execute("UPDATE activation.idempotency_key SET state = 'IN_FLIGHT',"
                + " locked_until = now() - interval '1 second', response_status = NULL, response_headers = NULL,"
                + " response_body = NULL WHERE idempotency_key = '" + key + "'");

        try (java.sql.Connection firstRun = com.cardplatform.testing.TestDatabase.connect()) {
            firstRun.setAutoCommit(false);
            try (java.sql.Statement statement = firstRun.createStatement()) {
                statement.executeUpdate("UPDATE activation.activation_codes SET last_attempt_by_request = '" + token
                        + "'" + card);
            }
            java.util.concurrent.CompletableFuture<Response> repetition = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> as(issuer).header("Idempotency-Key", key).body(attempt).post(VERIFY));
            awaitStatementWaitingForALock();
            org.junit.jupiter.api.Assertions.assertFalse(repetition.isDone(), "the repetition waits for the first run");
            firstRun.commit();
            assertError(repetition.get(30, java.util.concurrent.TimeUnit.SECONDS), 422, NO_MATCH);
        }
        assertEquals(1, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
    }

    /** Until a session's statement on activation_codes waits for a row lock (at most 20 s). */
    private static void awaitStatementWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (com.cardplatform.testing.TestDatabase.count("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND query LIKE '%activation.activation_codes%'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the repetition's statement never waited for the card's row");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void codesAreCaseSensitive() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "AbCd")))).then().statusCode(200);
        assertError(verify(issuer, "1", "2", "abcd"), 422, NO_MATCH);
        assertError(verify(issuer, "1", "2", "ABCD"), 422, NO_MATCH);
        verify(issuer, "1", "2", "AbCd").then().statusCode(200);
    }

    @Test
    void aMatchClearsEarlierFailures() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            verify(issuer, "1", "2", "Wrong" + i).then().statusCode(422);
        }
        verify(issuer, "1", "2", "Secret1").then().statusCode(200);
        assertEquals(0, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
        for (int i = 0; i < 4; i++) {
            verify(issuer, "1", "2", "Wrong" + i).then().statusCode(422);
        }
        verify(issuer, "1", "2", "Secret1").then().statusCode(200);
    }

    @Test
    void locksAfterFiveFailuresEvenForTheRightCodeUntilANewCodeIsSet() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        for (int i = 1; i <= 4; i++) {
            assertError(verify(issuer, "1", "2", "Wrong" + i), 422, NO_MATCH);
        }
        assertError(verify(issuer, "1", "2", "Wrong5"), 423, LOCKED);
        assertError(verify(issuer, "1", "2", "Secret1"), 423, LOCKED);
        Map<String, Object> row = rows(issuer).get(0);
        assertEquals(5, ((Number) row.get("failed_attempts")).intValue());
        assertEquals(true, row.get("locked"));

        set(issuer, array(List.of(record("1", "2", "Secret2")))).then().statusCode(200);
        assertError(verify(issuer, "1", "2", "Secret1"), 422, NO_MATCH);
        verify(issuer, "1", "2", "Secret2").then().statusCode(200);
    }

    @Test
    void anUnknownCardCannotBeToldFromAKnownCardWithAWrongCode() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Response k = verify(issuer, "1", "2", "Wrong" + i);
            known.add(k.statusCode() + " " + k.asString());
            Response u = verify(issuer, "1", "3", "Wrong" + i);
            unknown.add(u.statusCode() + " " + u.asString());
        }
        assertEquals(known, unknown);
        assertEquals(List.of(422, 422, 422, 422, 423, 423, 423),
                known.stream().map(s -> Integer.parseInt(s.substring(0, 3))).toList());
        // the unknown card's attempts are counted on a row without a code; setting a code later clears them
        Map<String, Object> placeholder = rows(issuer).get(1);
        assertEquals(null, placeholder.get("code_hmac"));
        set(issuer, array(List.of(record("1", "3", "Fresh1")))).then().statusCode(200);
        verify(issuer, "1", "3", "Fresh1").then().statusCode(200);
    }

    @Test
    void invalidInputIs400WithTheSeedsMessagesAndIsNotCounted() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1234", "2", "Secret1")))).then().statusCode(200);
        assertError(as(issuer).body(record("1234", null, "Secret1")).post(VERIFY), 400,
                "Invalid Input - Proxy Number is missing in one of the record with Quote Number 1234");
        assertError(as(issuer).body(record("1234", "2", "123")).post(VERIFY), 400,
                "Invalid Input - Activation code 123 is not a valid value. Minimum 4 and maximum 16 digits only");
        assertError(as(issuer).body(array(List.of(record("1234", "2", "Secret1")))).post(VERIFY), 400,
                "Invalid Input - The request body must be a JSON object with quoteNumber, proxyNumber and "
                        + "activationCode");
        as(issuer).body("{\"quoteNumber\":").post(VERIFY).then().statusCode(400);
        assertEquals(0, ((Number) rows(issuer).get(0).get("failed_attempts")).intValue());
        assertEquals(1, count(issuer));
    }
}
