package com.cardplatform.consumer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Shared test vocabulary: issuers, tokens, a registered consumer, D1 error assertions, waiting for the outbox. */
final class Fixtures {

    static final String ISSUER = "ISSUERA001";
    static final String OTHER_ISSUER = "ISSUERB002";
    static final String OPERATIONS = "consumers:operations";
    static final String PROVISIONING = "consumers:provisioning";
    /** "2022-06-16T06:28:02.492Z": ISO 8601, UTC, always three fraction digits. */
    static final String ISO_MILLIS = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";
    static final String OPERATION_ID = "^[A-Za-z0-9_-]{1,64}$";

    private Fixtures() {
    }

    static String operationsToken(String issuerId) {
        return TestTokens.token("d1-" + issuerId, issuerId, OPERATIONS);
    }

    static String provisioningToken(String issuerId) {
        return TestTokens.token("d1-" + issuerId, issuerId, PROVISIONING);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    static String newConsumerId() {
        return "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Registers a consumer with these accounts; the REGISTER operation id. */
    static String register(String issuerId, String consumerId, String... accountIds) {
        StringBuilder accounts = new StringBuilder();
        for (String id : accountIds) {
            accounts.append(accounts.length() == 0 ? "" : ",").append("{\"accountId\":\"").append(id).append("\"}");
        }
        return as(provisioningToken(issuerId))
                .contentType(ContentType.JSON)
                .body("{\"consumerId\":\"" + consumerId + "\",\"accounts\":[" + accounts + "]}")
                .post("/issuers/{issuerId}/consumers", issuerId)
                .then().statusCode(201)
                .extract().path("operationId");
    }

    static Response delete(String issuerId, String consumerId, String body) {
        // the documented spelling: a raw colon (RestAssured would send operations%3Adelete, tested apart)
        RequestSpecification request = as(operationsToken(issuerId)).urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/issuers/{issuerId}/consumers/{consumerId}/operations:delete", issuerId, consumerId);
    }

    static Map<String, Object> operation(String issuerId, String consumerId, String operationId) {
        return as(operationsToken(issuerId))
                .get("/issuers/{issuerId}/consumers/{consumerId}/operations/{operationId}", issuerId, consumerId,
                        operationId)
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getMap("");
    }

    /** Polls the API until the operation has this status. */
    static Map<String, Object> awaitStatus(String issuerId, String consumerId, String operationId, String status,
            Duration within) {
        return await(within, "operation " + operationId + " to become " + status, () -> {
            Map<String, Object> op = operation(issuerId, consumerId, operationId);
            return status.equals(op.get("status")) ? op : null;
        });
    }

    /** A metric without tags (a gauge), as Prometheus scrapes it from /q/metrics. */
    static double gauge(String name) {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})?\\s+(\\S+)$")
                .matcher(metrics);
        if (!m.find()) {
            throw new AssertionError(name + " is not exposed on /q/metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    static <T> T await(Duration within, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + within + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** No cascade of any test is left unfinished (the next test starts with a closed circuit breaker). */
    static void awaitOutboxDrained() {
        await(Duration.ofSeconds(30), "the outbox to drain", () ->
                TestDatabase.count("SELECT count(*) FROM consumer.cascade_outbox WHERE completed_at IS NULL") == 0
                        ? Boolean.TRUE : null);
    }

    /** The D1 error body, exactly: {"errorCode":..,"error":..}, both omitted for a general error. */
    static void assertD1Error(Response response, int status, String errorCode, String error) {
        response.then().statusCode(status).contentType(ContentType.JSON);
        Map<String, Object> expected = new LinkedHashMap<>();
        if (errorCode != null) {
            expected.put("errorCode", errorCode);
        }
        if (error != null) {
            expected.put("error", error);
        }
        assertEquals(expected, response.jsonPath().getMap(""), "body of " + response.asString());
        String raw = response.asString();
        for (String leak : Arrays.asList("Exception", "at com.", "at io.", "java.", "org.hibernate")) {
            assertFalse(raw.contains(leak), "error body leaks internals: " + raw);
        }
    }
}
