package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every write of consumer-service loses its database connection at each of its statements (PgWireProxy closes the
 * connection instead of sending it): 503 in the D1 dialect, nothing written, and the same request then succeeds.
 * Lost at the COMMIT, the service cannot tell whether PostgreSQL got it: 503 with {@code Write-Outcome: unknown},
 * whether it was lost before PostgreSQL (nothing written; the repetition makes the change) or after it committed
 * (the change is there; the repetition answers the original result, not a duplicate error). Both are tested,
 * also for the delete that starts a deletion again after a FAILED cascade.
 */
@QuarkusTest
@WithTestResource(WireFaultResource.class)
class WriteOutcomeTest {

    static final PgWireProxy WIRE = PgWireProxy.inFrontOfTestDatabase();
    static final Duration FIRED = Duration.ofSeconds(5);

    @AfterEach
    void disarm() {
        WIRE.disarm();
    }

    // ---- registration: select, insert consumer, insert accounts, insert operation, COMMIT ---------------------

    @ParameterizedTest
    @ValueSource(strings = {"from consumer.consumers", "insert into consumer.consumers", "insert into consumer.accounts",
            "insert into consumer.operations", "COMMIT"})
    void aRegistrationCutAtAnyStatementWritesNothing(String statement) {
        String consumerId = newConsumerId();
        if (statement.equals("COMMIT")) {
            WIRE.cutBeforeCommit("insert into consumer.consumers");
        } else {
            WIRE.cutBefore(statement);
        }
        Response refused = registration(consumerId, "A1", "A2");
        assertTrue(WIRE.hasFired(), "the connection was cut (" + statement + "): " + WIRE.cuts());
        assertUnavailable(refused, statement);
        assertEquals(0, TestDatabase.count("select count(*) from consumer.consumers where consumer_id = ?", consumerId));
        assertEquals(0, TestDatabase.count("select count(*) from consumer.accounts where consumer_id = ?", consumerId));
        assertEquals(0, TestDatabase.count("select count(*) from consumer.operations where consumer_id = ?", consumerId));

        registration(consumerId, "A1", "A2").then().statusCode(201);
    }

    @Test
    void aRegistrationWhoseCommitIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        String consumerId = newConsumerId();
        WIRE.cutAfterCommit("insert into consumer.consumers");
        Response unknown = registration(consumerId, "A1", "A2");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        // PostgreSQL did commit: the case is real
        String original = (String) TestDatabase.query("select operation_id from consumer.operations where consumer_id = ? "
                + "and operation = 'REGISTER'", consumerId).get(0).get("operation_id");
        assertEquals(2, TestDatabase.count("select count(*) from consumer.accounts where consumer_id = ?", consumerId));

        Response again = registration(consumerId, "A2", "A1"); // the same request (accounts in any order)
        again.then().statusCode(201).body("operationId", org.hamcrest.Matchers.equalTo(original))
                .body("status", org.hamcrest.Matchers.equalTo("SUCCESSFUL"))
                .header("Location", org.hamcrest.Matchers.endsWith("/operations/" + original));
        assertEquals(1, TestDatabase.count("select count(*) from consumer.operations where consumer_id = ?", consumerId),
                "no second REGISTER operation");
        // another registration of the same consumerId is still a conflict
        assertD1Error(registration(consumerId, "A1"), 409, null, null);
        assertD1Error(registration(consumerId, "A1", "A2", "A3"), 409, null, null);
    }

    // ---- suspend and resume: select for update, update consumer, insert operation, COMMIT ---------------------

    @ParameterizedTest
    @ValueSource(strings = {"from consumer.consumers", "update consumer.consumers", "insert into consumer.operations",
            "COMMIT"})
    void aSuspensionCutAtAnyStatementChangesNothing(String statement) {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "S1");
        if (statement.equals("COMMIT")) {
            WIRE.cutBeforeCommit("update consumer.consumers");
        } else {
            WIRE.cutBefore(statement);
        }
        Response refused = action(consumerId, "suspend", "{\"reason\":\"lost card\",\"reasonCode\":\"USER_DECISION\"}");
        assertTrue(WIRE.hasFired(), "the connection was cut (" + statement + "): " + WIRE.cuts());
        assertUnavailable(refused, statement);
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        assertEquals(1, TestDatabase.count("select count(*) from consumer.operations where consumer_id = ?", consumerId));

        action(consumerId, "suspend", "{\"reason\":\"lost card\",\"reasonCode\":\"USER_DECISION\"}").then().statusCode(200);
        assertEquals("SUSPENDED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    @Test
    void aSuspensionAndAResumptionWhoseCommitsAreLostAnswerTheOriginalWhenRepeated() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "S1");
        String suspend = "{\"reason\":\"lost card\",\"reasonCode\":\"USER_DECISION\"}";
        WIRE.cutAfterCommit("update consumer.consumers");
        assertOutcomeUnknown(action(consumerId, "suspend", suspend));
        assertEquals("SUSPENDED", ConsumerOperationsTest.statusOf(ISSUER, consumerId), "PostgreSQL did commit");
        String suspension = latestOperation(consumerId, "SUSPEND");
        action(consumerId, "suspend", suspend).then().statusCode(200)
                .body("operationId", org.hamcrest.Matchers.equalTo(suspension));
        // a different suspension of a suspended consumer is refused as before
        assertD1Error(action(consumerId, "suspend", "{\"reason\":\"another\"}"), 403, "OPERATION_NOT_ALLOWED", "SUSPEND");

        WIRE.cutAfterCommit("update consumer.consumers");
        assertOutcomeUnknown(action(consumerId, "resume", null));
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId), "PostgreSQL did commit");
        String resumption = latestOperation(consumerId, "RESUME");
        action(consumerId, "resume", null).then().statusCode(200)
                .body("operationId", org.hamcrest.Matchers.equalTo(resumption));
        assertEquals(3, TestDatabase.count("select count(*) from consumer.operations where consumer_id = ?", consumerId),
                "REGISTER, SUSPEND, RESUME: no second operation");
    }

    // ---- delete: one statement (tombstone, accounts, operation, outbox) that commits by itself ----------------

    @Test
    void aDeleteLostBeforeItsStatementReachedPostgresChangesNothing() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "D1");
        WIRE.cutBefore("update consumer.consumers set status = 'deleted'");
        Response refused = delete(ISSUER, consumerId, null);
        assertTrue(WIRE.hasFired(), "the connection was cut: " + WIRE.cuts());
        // sent, as far as the service knows: a statement that commits by itself has no "before the COMMIT"
        assertOutcomeUnknown(refused);
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        assertEquals(0, TestDatabase.count("select count(*) from consumer.cascade_outbox where consumer_id = ?", consumerId));
        delete(ISSUER, consumerId, null).then().statusCode(200);
        awaitOutboxDrained();
    }

    @Test
    void aDeleteWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginalOperation() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "D1");
        WIRE.cutAfter("update consumer.consumers set status = 'deleted'");
        assertOutcomeUnknown(delete(ISSUER, consumerId, null));
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId), "PostgreSQL did commit");
        String original = latestOperation(consumerId, "DELETE");
        delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("operationId", org.hamcrest.Matchers.equalTo(original));
        awaitOutboxDrained();
    }

    // ---- delete again after a FAILED cascade: one statement (new DELETE operation and outbox row) --------------

    @Test
    void aDeleteAgainLostBeforeItsStatementReachedPostgresWritesNothingAndItsRepetitionStartsIt() {
        String consumerId = newConsumerId();
        String failed = failedDeletion(consumerId);
        WIRE.cutBefore("with superseded as");
        Response refused = delete(ISSUER, consumerId, null);
        assertTrue(WIRE.hasFired(), "the connection was cut: " + WIRE.cuts());
        assertOutcomeUnknown(refused);
        assertEquals(1, deleteOperations(consumerId), "no new DELETE operation");
        assertEquals(1, TestDatabase.count("select count(*) from consumer.cascade_outbox where consumer_id = ?", consumerId));

        String second = delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("SUCCESSFUL"))
                .extract().path("operationId");
        assertTrue(!second.equals(failed), "a new operation");
        assertEquals(2, deleteOperations(consumerId));
    }

    @Test
    void aDeleteAgainWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheNewOperation() {
        String consumerId = newConsumerId();
        String failed = failedDeletion(consumerId);
        WIRE.cutAfter("with superseded as");
        assertOutcomeUnknown(delete(ISSUER, consumerId, null));
        // PostgreSQL did commit: a second DELETE operation, whose cascade the worker takes over once its lease ends
        String second = latestOperation(consumerId, "DELETE");
        assertTrue(!second.equals(failed), "PostgreSQL did commit a new operation");
        delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("operationId", org.hamcrest.Matchers.equalTo(second));
        assertEquals(2, deleteOperations(consumerId), "the repetition started nothing more");
        awaitStatus(ISSUER, consumerId, second, "SUCCESSFUL", Duration.ofSeconds(45));
        assertEquals("FAILED", operation(ISSUER, consumerId, failed).get("status"));
    }

    /** A deleted consumer whose cascade card-service refused: its FAILED DELETE operation. */
    private static String failedDeletion(String consumerId) {
        register(ISSUER, consumerId, "D1");
        FakeCardService.get().failNext(consumerId, 1, 400);
        return delete(ISSUER, consumerId, null).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("FAILED"))
                .extract().path("operationId");
    }

    private static long deleteOperations(String consumerId) {
        return TestDatabase.count("select count(*) from consumer.operations where consumer_id = ? and operation = 'DELETE'",
                consumerId);
    }

    // ---------------------------------------------------------------------------------------------------------

    static Response registration(String consumerId, String... accountIds) {
        StringBuilder accounts = new StringBuilder();
        for (String id : accountIds) {
            accounts.append(accounts.length() == 0 ? "" : ",").append("{\"accountId\":\"").append(id).append("\"}");
        }
        return as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\",\"accounts\":[" + accounts + "]}")
                .post("/issuers/{issuerId}/consumers", ISSUER);
    }

    static Response action(String consumerId, String action, String body) {
        var request = as(provisioningToken(ISSUER)).urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/issuers/{issuerId}/consumers/{consumerId}/operations:" + action, ISSUER, consumerId);
    }

    static String latestOperation(String consumerId, String type) {
        return (String) TestDatabase.query("select operation_id from consumer.operations where consumer_id = ? and "
                + "operation = ? order by start_time desc, operation_id desc limit 1", consumerId, type)
                .get(0).get("operation_id");
    }

    /** Cut before a statement: nothing was written, and the service says so; cut at the COMMIT: it cannot know. */
    static void assertUnavailable(Response response, String cutBefore) {
        if (cutBefore.equals("COMMIT")) {
            assertOutcomeUnknown(response);
        } else {
            assertCertainlyUnavailable(response);
        }
    }

    /** 503 in the D1 dialect, Retry-After, and no doubt about the outcome: nothing was written. */
    static void assertCertainlyUnavailable(Response response) {
        assertD1Error(response, 503, null, null);
        response.then().header("Retry-After", "5");
        assertNull(response.header(ApiError.OUTCOME_HEADER), "a cut before the COMMIT is not an unknown outcome");
    }

    static void assertOutcomeUnknown(Response response) {
        assertD1Error(response, 503, null, null);
        response.then().header("Retry-After", "5").header(ApiError.OUTCOME_HEADER, "unknown");
    }
}
