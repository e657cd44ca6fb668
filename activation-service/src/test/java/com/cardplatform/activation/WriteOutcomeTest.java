package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.as;
import static com.cardplatform.activation.Activation.assertError;
import static com.cardplatform.activation.Activation.count;
import static com.cardplatform.activation.Activation.expectedHash;
import static com.cardplatform.activation.Activation.hashes;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.proxy;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.records;
import static com.cardplatform.activation.Activation.rows;
import static com.cardplatform.activation.Activation.set;
import static com.cardplatform.activation.Activation.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both writes of activation-service lose their database connection at each point ({@link PgWireProxy} closes it
 * instead of sending a statement, or drops PostgreSQL's answer to the COMMIT). A batch cut before its COMMIT was
 * sent: 503 in the Blackhawk dialect, nothing written, and the same batch then succeeds. Cut while the COMMIT is
 * in flight (before or after PostgreSQL executed it): 503 with {@code Write-Outcome: unknown}, and the same batch
 * sent again answers exactly what a first success answers; after PostgreSQL committed, the codes are there. A
 * verification (one autocommit statement) whose answer is lost: 503 with {@code Write-Outcome: unknown}; its
 * repetition counts as one new attempt, no more.
 */
@QuarkusTest
@WithTestResource(WireFaultResource.class)
class WriteOutcomeTest {

    static final PgWireProxy WIRE = PgWireProxy.inFrontOfTestDatabase();
    static final Duration FIRED = Duration.ofSeconds(5);

    /** The bulk upsert of set-activation-codes (and nothing else). */
    static final String BATCH = "unnest($2::varchar[]";
    /** The attempt-counting upsert of verify-activation-code (and nothing else). */
    static final String ATTEMPT = "returning a.locked_at is not null as locked";

    static final String UNAVAILABLE = "Service temporarily unavailable, please try again";
    static final String UNKNOWN = "Service temporarily unavailable - " + ApiError.OUTCOME_UNKNOWN;
    static final String NO_MATCH = VerifyActivationCodeTest.NO_MATCH;
    static final String LOCKED = VerifyActivationCodeTest.LOCKED;

    @AfterEach
    void disarm() {
        WIRE.disarm();
    }

    // ---- set-activation-codes: BEGIN, the upsert, COMMIT --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", BATCH})
    void aBatchCutBeforeAnyOfItsStatementsWritesNothing(String statement) {
        String issuer = newIssuer();
        List<Map<String, Object>> before = tenOldCodesOneFailedAttempt(issuer);
        String batch = array(records(30, "New"));

        WIRE.cutBefore(statement);
        Response refused = set(issuer, batch);
        assertTrue(WIRE.hasFired(), "the connection was cut (" + statement + "): " + WIRE.cuts());
        assertCertainlyUnavailable(refused);
        assertNothingWritten(issuer, before);

        assertSameAnswer(firstSuccessOf(batch), set(issuer, batch));
        assertNewCodesWritten(issuer);
    }

    /**
     * The COMMIT is handed to the connection, which is lost before it reaches PostgreSQL (rolled back). To the
     * service this cannot be told from the answer of a COMMIT that PostgreSQL executed being lost: both are a
     * connection closed while the COMMIT was in flight. So the answer is the honest "outcome unknown", and the
     * repetition it asks for writes the batch and answers like a first success.
     */
    @Test
    void aBatchCutBeforeItsCommitReachesPostgresWritesNothingAndIsAnsweredAsUnknown() {
        String issuer = newIssuer();
        List<Map<String, Object>> before = tenOldCodesOneFailedAttempt(issuer);
        String batch = array(records(30, "New"));

        WIRE.cutBefore("commit");
        Response refused = set(issuer, batch);
        assertTrue(WIRE.hasFired(), "the connection was cut (COMMIT): " + WIRE.cuts());
        assertOutcomeUnknown(refused);
        assertNothingWritten(issuer, before);

        assertSameAnswer(firstSuccessOf(batch), set(issuer, batch));
        assertNewCodesWritten(issuer);
    }

    @Test
    void aBatchWhoseCommitIsLostIsUnknownAndItsRepetitionAnswersLikeAFirstSuccess() {
        String issuer = newIssuer();
        String batch = array(records(30, "Kept"));

        WIRE.cutAfterCommit(BATCH);
        Response unknown = set(issuer, batch);
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        // PostgreSQL did commit: the case is real
        assertEquals(expectedHashes(issuer, 30, "Kept"), hashes(issuer));
        assertEquals(1, rows(issuer).stream().map(row -> row.get("xid")).distinct().count(), "one transaction");

        Response again = set(issuer, batch);
        assertSameAnswer(firstSuccessOf(batch), again);
        assertEquals(expectedHashes(issuer, 30, "Kept"), hashes(issuer), "the same codes, no more rows");
        verify(issuer, "95000000", proxy(0), "Kept0").then().statusCode(200);
        verify(issuer, "95000000", proxy(29), "Kept29").then().statusCode(200);
    }

    @Test
    void aRepeatedBatchAnswersExactlyWhatTheFirstDidAndLeavesTheSameCodes() {
        String issuer = newIssuer();
        String batch = array(records(30, "Same"));
        Response first = set(issuer, batch);
        assertEquals(200, first.statusCode(), first.asString());
        Map<String, Object> written = hashes(issuer);
        // a failed verification in between is cleared again, as the first batch cleared it
        assertError(verify(issuer, "95000000", proxy(3), "Wrong3"), 422, NO_MATCH);

        Response again = set(issuer, batch);
        assertSameAnswer(first, again);
        assertEquals(written, hashes(issuer));
        assertEquals(expectedHashes(issuer, 30, "Same"), written);
        assertEquals(0, ((Number) rows(issuer).get(3).get("failed_attempts")).intValue());
    }

    // ---- verify-activation-code: one attempt-counting statement that commits by itself --------------------------

    @Test
    void aFailedAttemptWhoseAnswerIsLostIsUnknownAndItsRepetitionCountsAsOneNewAttempt() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        for (int i = 1; i <= 3; i++) {
            assertError(verify(issuer, "1", "2", "Wrong" + i), 422, NO_MATCH);
        }

        WIRE.cutAfter(ATTEMPT);
        Response unknown = verify(issuer, "1", "2", "Wrong4");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(4, failedAttempts(issuer), "PostgreSQL did count the attempt: the case is real");

        // the repetition is one more attempt (here the fifth: the lock), never more than a new attempt counts
        assertError(verify(issuer, "1", "2", "Wrong4"), 423, LOCKED);
        assertEquals(5, failedAttempts(issuer));
        assertError(verify(issuer, "1", "2", "Secret1"), 423, LOCKED);
        assertEquals(5, failedAttempts(issuer));
    }

    /**
     * With an Idempotency-Key the same loss costs nothing: the guard leaves the key bound to the request, the
     * repetition runs, finds its own attempt already counted (its request's token on the card) and is answered as the
     * card stands, not counted again; from then on its answer is kept.
     */
    @Test
    void aKeyedFailedAttemptWhoseAnswerIsLostIsCountedOnceWhateverItsRepetitions() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        for (int i = 1; i <= 3; i++) {
            assertError(verify(issuer, "1", "2", "Wrong" + i), 422, NO_MATCH);
        }
        String key = UUID.randomUUID().toString();

        WIRE.cutAfter(ATTEMPT);
        Response unknown = keyedVerify(issuer, key, "Wrong4");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(4, failedAttempts(issuer), "PostgreSQL did count the attempt: the case is real");

        // the fourth failure's answer, not a fifth failure (which would lock the card)
        assertError(keyedVerify(issuer, key, "Wrong4"), 422, NO_MATCH);
        assertEquals(4, failedAttempts(issuer));
        keyedVerify(issuer, key, "Wrong4").then().statusCode(422).header("Idempotent-Replayed", "true");
        assertEquals(4, failedAttempts(issuer));
        verify(issuer, "1", "2", "Secret1").then().statusCode(200);
    }

    private static Response keyedVerify(String issuer, String key, String code) {
        return as(issuer).header("Idempotency-Key", key).body(record("1", "2", code)).post(Activation.VERIFY);
    }

    @Test
    void aMatchWhoseAnswerIsLostIsUnknownAndItsRepetitionMatches() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        assertError(verify(issuer, "1", "2", "Wrong1"), 422, NO_MATCH);

        WIRE.cutAfter(ATTEMPT);
        Response unknown = verify(issuer, "1", "2", "Secret1");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(0, failedAttempts(issuer), "PostgreSQL did clear the failures: the case is real");

        verify(issuer, "1", "2", "Secret1").then().statusCode(200);
        assertEquals(0, failedAttempts(issuer));
    }

    @Test
    void anAttemptCutBeforeItsStatementIsUnknownToTheServiceAndCountedByNobody() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);

        WIRE.cutBefore(ATTEMPT);
        Response refused = verify(issuer, "1", "2", "Wrong1");
        assertTrue(WIRE.hasFired(), "the connection was cut: " + WIRE.cuts());
        // the statement was handed to the connection: the service cannot tell whether PostgreSQL ran it
        assertOutcomeUnknown(refused);
        assertEquals(0, failedAttempts(issuer), "it did not reach PostgreSQL");

        assertError(verify(issuer, "1", "2", "Wrong1"), 422, NO_MATCH);
        assertEquals(1, failedAttempts(issuer));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Ten cards of the issuer with a code ("Old0".."Old9") and one failed attempt on the first: the rows. */
    static List<Map<String, Object>> tenOldCodesOneFailedAttempt(String issuer) {
        set(issuer, array(records(10, "Old"))).then().statusCode(200);
        assertError(verify(issuer, "95000000", proxy(0), "Wrong0"), 422, NO_MATCH);
        return rows(issuer);
    }

    /** None of the batch's twenty new cards, none of its ten replaced codes, the failed attempt still counted. */
    static void assertNothingWritten(String issuer, List<Map<String, Object>> before) {
        assertEquals(10, count(issuer), "none of the batch's new cards");
        assertEquals(before, rows(issuer), "none of the batch's replaced codes, the failed attempt still counted");
    }

    /** The batch of thirty "New" codes is written, and the new codes cleared the failed attempt. */
    static void assertNewCodesWritten(String issuer) {
        assertEquals(expectedHashes(issuer, 30, "New"), hashes(issuer));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM activation.activation_codes WHERE issuer_id = ? "
                + "AND (failed_attempts <> 0 OR locked_at IS NOT NULL)", issuer), "the new codes cleared the attempts");
    }

    /** What the batch answers the first time it is sent (for a new issuer): status, content type and body. */
    static Response firstSuccessOf(String batch) {
        Response first = set(newIssuer(), batch);
        assertEquals(200, first.statusCode(), first.asString());
        return first;
    }

    static void assertSameAnswer(Response expected, Response actual) {
        assertEquals(expected.statusCode(), actual.statusCode(), actual.asString());
        assertEquals(expected.contentType(), actual.contentType());
        assertEquals(expected.asString(), actual.asString());
        assertEquals("{\"status\":200,\"success\":true,\"message\":\"All records have been saved successfully\"}",
                actual.asString());
        assertNull(actual.header(ApiError.OUTCOME_HEADER));
    }

    static Map<String, Object> expectedHashes(String issuer, int count, String codePrefix) {
        Map<String, Object> expected = new LinkedHashMap<>();
        List<String> proxies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            proxies.add(proxy(i));
        }
        proxies.sort(null); // the table's order (byte order of the key)
        for (String proxy : proxies) {
            int i = (int) (Long.parseLong(proxy) - 6039530400000000000L);
            expected.put("95000000/" + proxy, expectedHash(issuer, "95000000", proxy, codePrefix + i));
        }
        return expected;
    }

    static int failedAttempts(String issuer) {
        return ((Number) rows(issuer).get(0).get("failed_attempts")).intValue();
    }

    /** 503 in the Blackhawk dialect, Retry-After, and no doubt about the outcome: nothing was written. */
    static void assertCertainlyUnavailable(Response response) {
        assertError(response, 503, UNAVAILABLE);
        response.then().header("Retry-After", "5");
        assertNull(response.header(ApiError.OUTCOME_HEADER), "a cut before the COMMIT was sent is no unknown outcome");
    }

    /** 503 in the Blackhawk dialect, Retry-After, {@code Write-Outcome: unknown} and the sentence that says so. */
    static void assertOutcomeUnknown(Response response) {
        assertError(response, 503, UNKNOWN);
        response.then().header("Retry-After", "5").header(ApiError.OUTCOME_HEADER, "unknown");
    }
}
