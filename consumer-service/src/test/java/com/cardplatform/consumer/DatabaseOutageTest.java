package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops: 503 in the D1 dialect with Retry-After, readiness DOWN; it comes back: service as before. */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class DatabaseOutageTest {

    @Test
    void whileTheDatabaseIsDownRequestsAreUnavailableAndRecoverAfterwards() {
        assumeFalse(TestDatabase.external(), "only the embedded database can be stopped by a test");
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId);
        TestDatabase.stop();
        try {
            Response list = as(operationsToken(ISSUER))
                    .get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER, consumerId);
            assertD1Error(list, 503, null, null);
            list.then().header("Retry-After", equalTo("5"));
            assertD1Error(delete(ISSUER, consumerId, null), 503, null, null);
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            TestDatabase.restart();
        }
        await(Duration.ofSeconds(60), "the service to use the database again", () ->
                as(operationsToken(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER,
                        consumerId).statusCode() == 200 ? true : null);
        as(operationsToken(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER, consumerId)
                .then().body("operations.operationId", equalTo(java.util.List.of(registration)));
        // nothing was half-written by the refused delete
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
        await(Duration.ofSeconds(60), "readiness UP again",
                () -> given().get("/q/health/ready").statusCode() == 200 ? true : null);
    }
}
