package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The issuer-side lifecycle: register (with accounts), suspend, resume; each an operation with its requestor. */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class ConsumerProvisioningTest {

    private static final String REGISTER = "/issuers/{issuerId}/consumers";

    @AfterEach
    void drain() {
        FakeCardService.get().healthy();
        awaitOutboxDrained();
    }

    @Test
    void registersAConsumerWithItsAccountsAsARegisterOperation() {
        String consumerId = newConsumerId();
        Response response = as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\",\"accounts\":[{\"accountId\":\"acc-1\"},"
                        + "{\"accountId\":\"ACC_2\"}]}")
                .post(REGISTER, ISSUER);
        response.then().statusCode(201).contentType(ContentType.JSON)
                .body("operationId", matchesPattern(OPERATION_ID))
                .body("status", equalTo("SUCCESSFUL"));
        String operationId = response.path("operationId");
        response.then().header("Location", endsWith("/issuers/" + ISSUER + "/consumers/" + consumerId
                + "/operations/" + operationId));

        Map<String, Object> consumer = TestDatabase.query("SELECT status, created_at, deleted_at FROM consumer.consumers "
                + "WHERE issuer_id = ? AND consumer_id = ?", ISSUER, consumerId).get(0);
        assertEquals("ACTIVE", consumer.get("status"));
        assertNull(consumer.get("deleted_at"));
        assertEquals(List.of("ACC_2", "acc-1"), TestDatabase.query("SELECT account_id FROM consumer.accounts "
                + "WHERE issuer_id = ? AND consumer_id = ? ORDER BY account_id", ISSUER, consumerId)
                .stream().map(r -> r.get("account_id")).toList());

        Map<String, Object> op = operation(ISSUER, consumerId, operationId);
        assertEquals("REGISTER", op.get("operation"));
        assertEquals("SUCCESSFUL", op.get("status"));
        assertEquals("ISSUER", op.get("requestorType"));
        assertEquals(ISSUER, op.get("requestorId"));
        assertTrue(((String) op.get("startTime")).matches(ISO_MILLIS));
        assertEquals(op.get("startTime"), op.get("endTime"), "completed within the request");
        assertFalse(op.containsKey("reason"));
        assertFalse(op.containsKey("reasonCode"));
    }

    @Test
    void aConsumerWithoutAccountsMayBeRegistered() {
        String consumerId = newConsumerId();
        as(provisioningToken(ISSUER)).contentType(ContentType.JSON).body("{\"consumerId\":\"" + consumerId + "\"}")
                .post(REGISTER, ISSUER).then().statusCode(201);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM consumer.accounts WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
    }

    @Test
    void aRegisteredConsumerIdIsAConflict() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        assertD1Error(registerRequest(consumerId, "[]"), 409, null, null);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
    }

    @Test
    void aDeletedConsumerIdCanNeverBeRegisteredAgain() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        delete(ISSUER, consumerId, null).then().statusCode(200);

        assertD1Error(registerRequest(consumerId, "[{\"accountId\":\"acc-1\"}]"), 403, "OPERATION_NOT_ALLOWED",
                "consumerId");
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM consumer.accounts WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
    }

    @Test
    void suspendAndResumeFollowTheConsumersState() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);

        String suspended = action(consumerId, "suspend", "{\"reason\":\"fraud suspected\",\"reasonCode\":\"USER_DECISION\"}")
                .then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo("SUCCESSFUL"))
                .extract().path("operationId");
        assertEquals("SUSPENDED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        Map<String, Object> op = operation(ISSUER, consumerId, suspended);
        assertEquals("SUSPEND", op.get("operation"));
        assertEquals("fraud suspected", op.get("reason"));
        assertEquals("USER_DECISION", op.get("reasonCode"));
        assertEquals("ISSUER", op.get("requestorType"));
        assertEquals(ISSUER, op.get("requestorId"));

        // suspending a suspended consumer otherwise than the suspension in force is not allowed (and records nothing)
        assertD1Error(action(consumerId, "suspend", null), 403, "OPERATION_NOT_ALLOWED", "SUSPEND");

        String resumed = action(consumerId, "resume", null).then().statusCode(200).extract().path("operationId");
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        assertEquals("ISSUER_DECISION", operation(ISSUER, consumerId, resumed).get("reasonCode"));
        // the resumption in force sent again answers it (a retry), records nothing; another one is not allowed
        action(consumerId, "resume", null).then().statusCode(200).body("operationId", equalTo(resumed));
        assertD1Error(action(consumerId, "resume", "{\"reason\":\"another\"}"), 403, "OPERATION_NOT_ALLOWED", "RESUME");

        assertEquals(3, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
    }

    @Test
    void aDeletedConsumerCanBeNeitherSuspendedNorResumed() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        delete(ISSUER, consumerId, null).then().statusCode(200);
        assertD1Error(action(consumerId, "suspend", null), 403, "OPERATION_NOT_ALLOWED", "SUSPEND");
        assertD1Error(action(consumerId, "resume", null), 403, "OPERATION_NOT_ALLOWED", "RESUME");
        assertEquals("DELETED", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    @Test
    void anUnknownConsumerCannotBeSuspended() {
        assertD1Error(action(newConsumerId(), "suspend", null), 404, null, null);
    }

    @Test
    void theFirstFieldInErrorIsReported() {
        // path before body: consumerId and reason both invalid -> consumerId
        assertD1Error(action("bad.consumer", "suspend", "{\"reason\":\"no!\"}"), 400, "FIELD_INVALID_FORMAT",
                "consumerId");
        assertD1Error(action(newConsumerId(), "suspend", "{\"reason\":\"no!\"}"), 400, "FIELD_INVALID_FORMAT",
                "reason");
        assertD1Error(action(newConsumerId(), "resume", "{\"reasonCode\":\"WHIM\"}"), 400, "FIELD_INVALID_VALUE",
                "reasonCode");
        assertD1Error(registerRequest(null, "[]"), 400, "FIELD_INVALID_FORMAT", "consumerId");
        assertD1Error(registerRequest("bad consumer", "[{\"accountId\":\"bad account\"}]"), 400,
                "FIELD_INVALID_FORMAT", "consumerId");
        assertD1Error(registerRequest(newConsumerId(), "[{\"accountId\":\"bad account\"}]"), 400,
                "FIELD_INVALID_FORMAT", "accountId");
        assertD1Error(registerRequest(newConsumerId(), "[{}]"), 400, "FIELD_INVALID_FORMAT", "accountId");
        assertD1Error(registerRequest(newConsumerId(), "[{\"accountId\":\"a1\"},{\"accountId\":\"a1\"}]"), 400,
                "FIELD_INVALID_VALUE", "accountId");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("{\"accountId\":\"a").append(i).append("\"}");
        }
        assertD1Error(registerRequest(newConsumerId(), "[" + many + "]"), 400, "FIELD_INVALID_FORMAT", "accounts");
        assertD1Error(as(provisioningToken(ISSUER)).contentType(ContentType.JSON).body("{\"consumerId\":")
                .post(REGISTER, ISSUER), 400, null, null);
        assertD1Error(as(provisioningToken(ISSUER)).contentType(ContentType.JSON).post(REGISTER, ISSUER), 400, null,
                null);
        assertD1Error(as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"c1\"}").post(REGISTER, "ISSUERA0011"), 400, "FIELD_INVALID_FORMAT", "issuerId");
    }

    @Test
    void provisioningNeedsItsOwnScopeAndTheTokensIssuer() {
        String consumerId = newConsumerId();
        assertD1Error(as(operationsToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\"}").post(REGISTER, ISSUER), 403, "AUTHORIZER_FORBIDDEN",
                "not_authorized");
        assertD1Error(as(provisioningToken(OTHER_ISSUER)).contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\"}").post(REGISTER, ISSUER), 403, "AUTHORIZER_FORBIDDEN",
                "not_authorized");
        assertD1Error(io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\"}").post(REGISTER, ISSUER), 401,
                "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertNull(ConsumerOperationsTest.statusOf(ISSUER, consumerId));

        register(ISSUER, consumerId);
        assertD1Error(as(operationsToken(ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:suspend"), 403,
                "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1Error(as(provisioningToken(OTHER_ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:suspend"), 403,
                "AUTHORIZER_FORBIDDEN", "not_authorized");
        // with their own issuerId, another issuer's consumer does not exist
        assertD1Error(as(provisioningToken(OTHER_ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + OTHER_ISSUER + "/consumers/" + consumerId + "/operations:suspend"), 404, null, null);
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    private static Response registerRequest(String consumerId, String accounts) {
        String id = consumerId == null ? "" : "\"consumerId\":\"" + consumerId + "\",";
        return as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{" + id + "\"accounts\":" + accounts + "}")
                .post(REGISTER, ISSUER);
    }

    private static Response action(String consumerId, String action, String body) {
        var request = as(provisioningToken(ISSUER)).urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:" + action);
    }
}
