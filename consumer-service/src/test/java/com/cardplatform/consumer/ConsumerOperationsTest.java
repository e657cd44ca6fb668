package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 001 end to end: delete (with its cascade), list and get operations; errors in the D1 dialect. */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class ConsumerOperationsTest {

    private static final String DELETE = "/issuers/{issuerId}/consumers/{consumerId}/operations:delete";
    private static final String LIST = "/issuers/{issuerId}/consumers/{consumerId}/operations";
    private static final String ONE = "/issuers/{issuerId}/consumers/{consumerId}/operations/{operationId}";

    private final FakeCardService cards = FakeCardService.get();

    @AfterEach
    void healthyCardService() {
        cards.healthy();
        awaitOutboxDrained();
    }

    // ---- delete ---------------------------------------------------------------------------------------------

    @Test
    void deleteRemovesConsumerAccountsCardsAndDigitalCardsAtOnce() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1", "acc-2");
        cards.seedCards(ISSUER, consumerId, 3, 1);

        Response response = as(operationsToken(ISSUER))
                .header("x-correlation-id", "delete-trace-1")
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"customer was contacted on June 28\",\"reasonCode\":\"USER_DECISION\"}")
                .post(DELETE, ISSUER, consumerId);
        response.then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("x-correlation-id", "delete-trace-1")
                .body("operationId", matchesPattern(OPERATION_ID))
                .body("status", equalTo("SUCCESSFUL"));
        assertEquals(2, response.jsonPath().getMap("").size(), "only operationId and status");
        String operationId = response.path("operationId");

        // the database: tombstone, no accounts, the operation, the outbox row done
        Map<String, Object> consumer = TestDatabase.query(
                "SELECT status, deleted_at FROM consumer.consumers WHERE issuer_id = ? AND consumer_id = ?",
                ISSUER, consumerId).get(0);
        assertEquals("DELETED", consumer.get("status"));
        assertNotNull(consumer.get("deleted_at"));
        assertEquals(0, TestDatabase.count(
                "SELECT count(*) FROM consumer.accounts WHERE issuer_id = ? AND consumer_id = ?", ISSUER, consumerId));
        Map<String, Object> op = TestDatabase.query("SELECT operation, status, end_time, requestor_type, requestor_id "
                + "FROM consumer.operations WHERE operation_id = ?", operationId).get(0);
        assertEquals("DELETE", op.get("operation"));
        assertEquals("SUCCESSFUL", op.get("status"));
        assertNotNull(op.get("end_time"));
        Map<String, Object> outbox = TestDatabase.query("SELECT attempts, outcome, completed_at, correlation_id "
                + "FROM consumer.cascade_outbox WHERE operation_id = ?", operationId).get(0);
        assertEquals(1, outbox.get("attempts"));
        assertEquals("SUCCESSFUL", outbox.get("outcome"));
        assertNotNull(outbox.get("completed_at"));
        assertEquals("delete-trace-1", outbox.get("correlation_id"));

        // card-service: one call, authenticated with the cards:internal token, correlated, cards gone
        List<FakeCardService.Call> calls = cards.callsFor(ISSUER, consumerId);
        assertEquals(1, calls.size());
        assertEquals(200, calls.get(0).status());
        assertTrue(calls.get(0).authorization().startsWith("Bearer ey"));
        assertEquals("delete-trace-1", calls.get(0).correlationId());
        assertFalse(cards.hasCards(ISSUER, consumerId));

        // the operation as the issuer reads it: every field of the seed
        Map<String, Object> details = operation(ISSUER, consumerId, operationId);
        assertEquals(operationId, details.get("operationId"));
        assertEquals("DELETE", details.get("operation"));
        assertEquals("SUCCESSFUL", details.get("status"));
        assertTrue(((String) details.get("startTime")).matches(ISO_MILLIS), details.toString());
        assertTrue(((String) details.get("endTime")).matches(ISO_MILLIS), details.toString());
        assertFalse(Instant.parse((String) details.get("endTime")).isBefore(Instant.parse((String) details.get("startTime"))));
        assertEquals("ISSUER", details.get("requestorType"));
        assertEquals(ISSUER, details.get("requestorId"));
        assertEquals("customer was contacted on June 28", details.get("reason"));
        assertEquals("USER_DECISION", details.get("reasonCode"));
        assertEquals(Map.of("deletedAccounts", 2, "deletedCards", 3, "deletedDigitalCards", 1), details.get("details"));
        assertFalse(details.containsKey("errorCode"));
        assertFalse(details.containsKey("error"));
    }

    @Test
    void deleteWithoutBodyDefaultsToIssuerDecision() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        String operationId = delete(ISSUER, consumerId, null)
                .then().statusCode(200).body("status", equalTo("SUCCESSFUL"))
                .extract().path("operationId");
        Map<String, Object> op = operation(ISSUER, consumerId, operationId);
        assertEquals("ISSUER_DECISION", op.get("reasonCode"));
        assertFalse(op.containsKey("reason"));

        String other = newConsumerId();
        register(ISSUER, other);
        String second = delete(ISSUER, other, "{}").then().statusCode(200).extract().path("operationId");
        assertEquals("ISSUER_DECISION", operation(ISSUER, other, second).get("reasonCode"));

        // an empty body is no body, whatever Content-Type a client puts on it
        String third = newConsumerId();
        register(ISSUER, third);
        as(operationsToken(ISSUER)).contentType(ContentType.TEXT).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + third + "/operations:delete")
                .then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
    }

    @Test
    void secondDeleteAnswersWithTheOriginalOperationAndCascadesNothingMore() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId, "acc-1");
        cards.seedCards(ISSUER, consumerId, 1, 0);
        String first = delete(ISSUER, consumerId, null).then().statusCode(200).extract().path("operationId");

        delete(ISSUER, consumerId, "{\"reason\":\"asked again\"}")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("operationId", equalTo(first))
                .body("status", equalTo("SUCCESSFUL"));

        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations "
                + "WHERE issuer_id = ? AND consumer_id = ? AND operation = 'DELETE'", ISSUER, consumerId));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.cascade_outbox WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId));
        assertEquals(1, cards.callsFor(ISSUER, consumerId).size());
    }

    @Test
    void operationsOfADeletedConsumerStayReadable() {
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId);
        String deletion = delete(ISSUER, consumerId, null).then().statusCode(200).extract().path("operationId");

        as(operationsToken(ISSUER)).get(LIST, ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(deletion, registration)))
                .body("operations.operation", equalTo(List.of("DELETE", "REGISTER")))
                .body("remainingOperations", equalTo(0));
        assertEquals("REGISTER", operation(ISSUER, consumerId, registration).get("operation"));
    }

    @Test
    void theColonOfCustomMethodsMayBePercentEncoded() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        // RestAssured encodes ':' as %3A by default; the raw form is covered by every other delete
        as(operationsToken(ISSUER)).post("/issuers/{issuerId}/consumers/{consumerId}/operations:delete", ISSUER,
                consumerId).then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
        as(operationsToken(ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations%3adelete")
                .then().statusCode(200).body("status", equalTo("SUCCESSFUL"));
    }

    @Test
    void deletingAnUnknownConsumerIsNotFound() {
        assertD1Error(delete(ISSUER, newConsumerId(), null), 404, null, null);
    }

    // ---- list -----------------------------------------------------------------------------------------------

    @Test
    void listsNewestFirstWithOffsetLimitAndRemainingOperations() {
        String consumerId = newConsumerId();
        String register = register(ISSUER, consumerId);
        String suspend1 = lifecycle(consumerId, "suspend");
        String resume1 = lifecycle(consumerId, "resume");
        String suspend2 = lifecycle(consumerId, "suspend");
        String resume2 = lifecycle(consumerId, "resume");
        List<String> newestFirst = List.of(resume2, suspend2, resume1, suspend1, register);

        as(operationsToken(ISSUER)).get(LIST, ISSUER, consumerId)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("operations.operationId", equalTo(newestFirst))
                .body("operations.operation", equalTo(List.of("RESUME", "SUSPEND", "RESUME", "SUSPEND", "REGISTER")))
                .body("remainingOperations", equalTo(0));
        as(operationsToken(ISSUER)).queryParam("offset", 1).queryParam("limit", 2).get(LIST, ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(newestFirst.subList(1, 3)))
                .body("remainingOperations", equalTo(2));
        as(operationsToken(ISSUER)).queryParam("offset", 4).queryParam("limit", 50).get(LIST, ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(register)))
                .body("remainingOperations", equalTo(0));
        as(operationsToken(ISSUER)).queryParam("offset", 10).get(LIST, ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations", equalTo(List.of()))
                .body("remainingOperations", equalTo(0));
        as(operationsToken(ISSUER)).queryParam("limit", 1).get(LIST, ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(resume2)))
                .body("remainingOperations", equalTo(4));

        // every element carries the seed's fields
        Map<String, Object> first = as(operationsToken(ISSUER)).get(LIST, ISSUER, consumerId)
                .then().extract().jsonPath().getMap("operations[0]");
        assertEquals(resume2, first.get("operationId"));
        assertEquals("SUCCESSFUL", first.get("status"));
        assertTrue(((String) first.get("startTime")).matches(ISO_MILLIS));
        assertTrue(((String) first.get("endTime")).matches(ISO_MILLIS));
        assertEquals("ISSUER", first.get("requestorType"));
        assertEquals(ISSUER, first.get("requestorId"));
        assertEquals("back in business", first.get("reason"));
        assertEquals("ISSUER_DECISION", first.get("reasonCode"));
    }

    @Test
    void anUnknownConsumerHasAnEmptyList() {
        as(operationsToken(ISSUER)).get(LIST, ISSUER, newConsumerId())
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("operations", equalTo(List.of()))
                .body("remainingOperations", equalTo(0));
    }

    @Test
    void offsetAndLimitOutOfRangeOrNotNumbersAreRejectedNamingTheParameter() {
        String consumerId = newConsumerId();
        assertD1Error(list(consumerId, "limit", "0"), 400, "FIELD_INVALID_VALUE", "limit");
        assertD1Error(list(consumerId, "limit", "51"), 400, "FIELD_INVALID_VALUE", "limit");
        assertD1Error(list(consumerId, "offset", "-1"), 400, "FIELD_INVALID_VALUE", "offset");
        assertD1Error(list(consumerId, "offset", "99999999999"), 400, "FIELD_INVALID_VALUE", "offset");
        assertD1Error(list(consumerId, "offset", "abc"), 400, "FIELD_INVALID_FORMAT", "offset");
        assertD1Error(list(consumerId, "limit", "1.5"), 400, "FIELD_INVALID_FORMAT", "limit");
        // an empty value counts as absent: the default applies
        list(consumerId, "limit", "").then().statusCode(200).body("remainingOperations", equalTo(0));
        // the first field in error: path parameters, then offset, then limit
        assertD1Error(as(operationsToken(ISSUER)).queryParam("offset", "-1").queryParam("limit", "x")
                .get(LIST, ISSUER, consumerId), 400, "FIELD_INVALID_VALUE", "offset");
        assertD1Error(as(operationsToken(ISSUER)).queryParam("limit", "0")
                .get(LIST, ISSUER, "not.valid"), 400, "FIELD_INVALID_FORMAT", "consumerId");
    }

    // ---- get one --------------------------------------------------------------------------------------------

    @Test
    void anUnknownOperationOrOneOfAnotherConsumerIsNotFound() {
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId);
        String other = newConsumerId();
        register(ISSUER, other);

        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, consumerId, "01NOSUCHOPERATION"), 404, null, null);
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, other, registration), 404, null, null);
        assertEquals(registration, operation(ISSUER, consumerId, registration).get("operationId"));
    }

    // ---- path and body validation ---------------------------------------------------------------------------

    @Test
    void issuerIdMustBeExactlyTenCharacters() {
        String consumerId = newConsumerId();
        // a format rule, checked before the tenant rule: 400, not 403
        assertD1Error(as(operationsToken(ISSUER)).get(LIST, "ISSUERA00", consumerId), 400, "FIELD_INVALID_FORMAT",
                "issuerId");
        assertD1Error(as(operationsToken(ISSUER)).get(LIST, "ISSUERA0011", consumerId), 400, "FIELD_INVALID_FORMAT",
                "issuerId");
        assertD1Error(delete("ISSUERA00", "not.valid", null), 400, "FIELD_INVALID_FORMAT", "issuerId");
    }

    @Test
    void consumerIdAndOperationIdFollowTheSeedPattern() {
        String tooLong = "a".repeat(65);
        assertD1Error(delete(ISSUER, tooLong, null), 400, "FIELD_INVALID_FORMAT", "consumerId");
        assertD1Error(delete(ISSUER, "dots.are.not.allowed", null), 400, "FIELD_INVALID_FORMAT", "consumerId");
        assertD1Error(as(operationsToken(ISSUER)).get(LIST, ISSUER, "white space"), 400, "FIELD_INVALID_FORMAT",
                "consumerId");
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, newConsumerId(), "op!1"), 400,
                "FIELD_INVALID_FORMAT", "operationId");
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, newConsumerId(), "o".repeat(65)), 400,
                "FIELD_INVALID_FORMAT", "operationId");
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, "bad.consumer", "op!1"), 400,
                "FIELD_INVALID_FORMAT", "consumerId");
        // the longest valid ids are accepted
        as(operationsToken(ISSUER)).get(LIST, ISSUER, "A_-9".repeat(16)).then().statusCode(200);
    }

    @Test
    void reasonAndReasonCodeAreValidatedInOrder() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":\"not allowed!\"}"), 400, "FIELD_INVALID_FORMAT", "reason");
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":\"" + "r".repeat(65) + "\"}"), 400,
                "FIELD_INVALID_FORMAT", "reason");
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":\"\"}"), 400, "FIELD_INVALID_FORMAT", "reason");
        assertD1Error(delete(ISSUER, consumerId, "{\"reasonCode\":\"CUSTOMER_DECISION\"}"), 400,
                "FIELD_INVALID_VALUE", "reasonCode");
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":\"bad!\",\"reasonCode\":\"NOPE\"}"), 400,
                "FIELD_INVALID_FORMAT", "reason");
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":{\"nested\":1}}"), 400, "FIELD_INVALID_FORMAT", "reason");
        // path before body: both consumerId and reason invalid -> consumerId
        assertD1Error(delete(ISSUER, "bad.consumer", "{\"reason\":\"bad!\"}"), 400, "FIELD_INVALID_FORMAT",
                "consumerId");
        // malformed JSON is a general error
        assertD1Error(delete(ISSUER, consumerId, "{\"reason\":"), 400, null, null);
        assertD1Error(delete(ISSUER, consumerId, "[1,2]"), 400, null, null);
        // none of these deleted anything
        assertEquals("ACTIVE", TestDatabase.query("SELECT status FROM consumer.consumers WHERE issuer_id = ? "
                + "AND consumer_id = ?", ISSUER, consumerId).get(0).get("status"));
    }

    // ---- authentication, authorization, tenancy -------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingAndInvalidTokens() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        assertD1Error(given().post(DELETE, ISSUER, consumerId), 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertD1Error(given().get(LIST, ISSUER, consumerId), 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertD1Error(given().get(ONE, ISSUER, consumerId, "x"), 401, "AUTHORIZER_UNAUTHORIZED",
                "Access token not valid");
        // authentication comes before validation
        assertD1Error(given().get(LIST, "short", "bad.id"), 401, "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        assertD1Error(given().header("Authorization", "Basic dXNlcjpwYXNz").get(LIST, ISSUER, consumerId), 401,
                "AUTHORIZER_UNAUTHORIZED", "Access token not valid");
        TestTokens.invalidTokens("d1-" + ISSUER, ISSUER, OPERATIONS).forEach((name, token) -> {
            assertD1Error(as(token).post(DELETE, ISSUER, consumerId), 401, "AUTHORIZER_UNAUTHORIZED",
                    "Access token not valid");
            assertD1Error(as(token).get(LIST, ISSUER, consumerId), 401, "AUTHORIZER_UNAUTHORIZED",
                    "Access token not valid");
        });
        assertEquals("ACTIVE", statusOf(ISSUER, consumerId));
    }

    @Test
    void aTokenWithoutTheScopeOrForAnotherIssuerIsForbidden() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        String provisioningOnly = provisioningToken(ISSUER);
        assertD1Error(as(provisioningOnly).post(DELETE, ISSUER, consumerId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertD1Error(as(provisioningOnly).get(LIST, ISSUER, consumerId), 403, "AUTHORIZER_FORBIDDEN", "not_authorized");
        // the path issuerId must be the token's issuer_id
        assertD1Error(as(operationsToken(OTHER_ISSUER)).post(DELETE, ISSUER, consumerId), 403, "AUTHORIZER_FORBIDDEN",
                "not_authorized");
        assertD1Error(as(operationsToken(OTHER_ISSUER)).get(LIST, ISSUER, consumerId), 403, "AUTHORIZER_FORBIDDEN",
                "not_authorized");
        assertD1Error(as(operationsToken(OTHER_ISSUER)).get(ONE, ISSUER, consumerId, "x"), 403, "AUTHORIZER_FORBIDDEN",
                "not_authorized");
        // a token bound to no issuer at all
        assertD1Error(as(TestTokens.partnerToken("partner", OPERATIONS)).get(LIST, ISSUER, consumerId), 403,
                "AUTHORIZER_FORBIDDEN", "not_authorized");
        assertEquals("ACTIVE", statusOf(ISSUER, consumerId));
    }

    @Test
    void anotherIssuersConsumerAndOperationsAreInvisible() {
        String consumerId = newConsumerId();
        // the same consumerId at two issuers: two different consumers
        String mine = register(ISSUER, consumerId);
        String theirs = register(OTHER_ISSUER, consumerId);
        String otherOnly = newConsumerId();
        String theirsOnly = register(OTHER_ISSUER, otherOnly);

        // with their own issuerId in the path, nothing of the other issuer is found
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, consumerId, theirs), 404, null, null);
        assertD1Error(as(operationsToken(ISSUER)).get(ONE, ISSUER, otherOnly, theirsOnly), 404, null, null);
        as(operationsToken(ISSUER)).get(LIST, ISSUER, otherOnly).then().statusCode(200)
                .body("operations", equalTo(List.of())).body("remainingOperations", equalTo(0));
        assertD1Error(delete(ISSUER, otherOnly, null), 404, null, null);

        // deleting mine leaves theirs alone
        delete(ISSUER, consumerId, null).then().statusCode(200);
        assertEquals("DELETED", statusOf(ISSUER, consumerId));
        assertEquals("ACTIVE", statusOf(OTHER_ISSUER, consumerId));
        assertEquals("ACTIVE", statusOf(OTHER_ISSUER, otherOnly));
        as(operationsToken(OTHER_ISSUER)).get(LIST, OTHER_ISSUER, consumerId).then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(theirs)));
        as(operationsToken(ISSUER)).get(LIST, ISSUER, consumerId).then().statusCode(200)
                .body("operations.operationId[1]", equalTo(mine));
        assertTrue(cards.callsFor(OTHER_ISSUER, consumerId).isEmpty());
    }

    // ---- HTTP edge ------------------------------------------------------------------------------------------

    @Test
    void correlationIdIsValidatedEchoedOrGenerated() {
        String consumerId = newConsumerId();
        as(operationsToken(ISSUER)).header("x-correlation-id", "Trace 1.2_a-b").get(LIST, ISSUER, consumerId)
                .then().statusCode(200).header("x-correlation-id", "Trace 1.2_a-b");
        as(operationsToken(ISSUER)).get(LIST, ISSUER, consumerId)
                .then().statusCode(200).header("x-correlation-id", not(emptyOrNullString()));
        Response invalid = as(operationsToken(ISSUER)).header("x-correlation-id", "no/slashes")
                .get(LIST, ISSUER, consumerId);
        assertD1Error(invalid, 400, "FIELD_INVALID_FORMAT", "x-correlation-id");
        assertD1Error(as(operationsToken(ISSUER)).header("x-correlation-id", "x".repeat(65))
                .get(LIST, ISSUER, consumerId), 400, "FIELD_INVALID_FORMAT", "x-correlation-id");
    }

    @Test
    void wrongMethodsMediaTypesSizesAndRoutesAnswerInTheD1Dialect() {
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        assertD1Error(as(operationsToken(ISSUER)).get(DELETE, ISSUER, consumerId), 405, null, null);
        assertD1Error(as(operationsToken(ISSUER)).delete(LIST, ISSUER, consumerId), 405, null, null);
        assertD1Error(as(operationsToken(ISSUER)).contentType(ContentType.TEXT).body("reason=x")
                .post(DELETE, ISSUER, consumerId), 415, null, null);
        assertD1Error(as(operationsToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"reason\":\"" + "a".repeat(70_000) + "\"}")
                .post(DELETE, ISSUER, consumerId), 413, null, null);
        assertD1Error(as(operationsToken(ISSUER)).get("/issuers/{issuerId}/nothing-here", ISSUER), 404, null, null);
        assertD1Error(given().get("/no/such/route"), 404, null, null);
        assertEquals("ACTIVE", statusOf(ISSUER, consumerId));
    }

    @Test
    void hostileInputNeverCausesAServerError() {
        String token = operationsToken(ISSUER);
        List<String> consumerIds = List.of("' OR '1'='1", "x%00y", "..", "%2e%2e", "ü", "a;drop table consumers",
                "${jndi:ldap://x}", "<script>", "a".repeat(5000));
        for (String consumerId : consumerIds) {
            String encoded = java.net.URLEncoder.encode(consumerId, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            String base = "/issuers/" + ISSUER + "/consumers/" + encoded;
            Response list = as(token).urlEncodingEnabled(false).get(base + "/operations");
            assertTrue(list.statusCode() < 500, consumerId + " -> " + list.statusCode());
            Response delete = as(token).urlEncodingEnabled(false).post(base + "/operations:delete");
            assertTrue(delete.statusCode() < 500, consumerId + " -> " + delete.statusCode());
            assertFalse(delete.asString().contains("Exception"));
        }
        for (String query : List.of("limit=%27", "offset=1e3", "limit=9223372036854775808", "offset[]=1",
                "limit=10&limit=20")) {
            Response r = as(token).urlEncodingEnabled(false).get("/issuers/" + ISSUER + "/consumers/abc/operations?" + query);
            assertTrue(r.statusCode() < 500, query + " -> " + r.statusCode());
        }
        Response r = as(token).contentType(ContentType.JSON).body("{\"reason\":\"\\u0000\"}")
                .post(DELETE, ISSUER, newConsumerId());
        assertTrue(r.statusCode() < 500);
    }

    // ---- operations endpoints -------------------------------------------------------------------------------

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().accept("application/yaml").get("/q/openapi").then().statusCode(200)
                .body(containsString("/issuers/{issuerId}/consumers/{consumerId}/operations:delete"))
                .body(containsString("customer was contacted on June 28"))
                .body(containsString("2022-06-16T06:28:02.492Z"))
                .body(containsString("remainingOperations"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Response list(String consumerId, String name, String value) {
        return as(operationsToken(ISSUER)).queryParam(name, value).get(LIST, ISSUER, consumerId);
    }

    private static String lifecycle(String consumerId, String action) {
        String reason = action.equals("suspend") ? "fraud suspected" : "back in business";
        return as(provisioningToken(ISSUER)).contentType(ContentType.JSON)
                .body("{\"reason\":\"" + reason + "\"}")
                .post("/issuers/{issuerId}/consumers/{consumerId}/operations:" + action, ISSUER, consumerId)
                .then().statusCode(200).body("status", equalTo("SUCCESSFUL"))
                .extract().path("operationId");
    }

    static String statusOf(String issuerId, String consumerId) {
        List<Map<String, Object>> rows = TestDatabase.query(
                "SELECT status FROM consumer.consumers WHERE issuer_id = ? AND consumer_id = ?", issuerId, consumerId);
        return rows.isEmpty() ? null : (String) rows.get(0).get("status");
    }
}
