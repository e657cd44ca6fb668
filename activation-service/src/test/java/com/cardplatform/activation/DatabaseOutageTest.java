package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.as;
import static com.cardplatform.activation.Activation.assertError;
import static com.cardplatform.activation.Activation.hashes;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.records;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failures of the database, for real: stopped (503 with Retry-After, readiness down, nothing written, recovery
 * without a restart of the service) and a statement that fails (500 with the seed's generic message, nothing
 * written). Runs after every other class: it stops the database they share.
 */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageTest {

    private static final RestAssuredConfig NO_HANG = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000));

    @Test
    @Order(1)
    void answers500WithTheSeedsGenericMessageWhenTheStatementFails() {
        String issuer = newIssuer();
        Activation.set(issuer, array(records(5, "Old"))).then().statusCode(200);
        Map<String, Object> before = hashes(issuer);
        TestDatabase.execute("ALTER TABLE activation.activation_codes RENAME TO activation_codes_away");
        Response failed;
        try {
            failed = Activation.set(issuer, array(records(5, "New")));
        } finally {
            TestDatabase.execute("ALTER TABLE activation.activation_codes_away RENAME TO activation_codes");
        }
        assertError(failed, 500, "Generic error while creating activation codes, please try again");
        assertEquals(before, hashes(issuer), "nothing written");
        Activation.set(issuer, array(records(5, "New"))).then().statusCode(200);
    }

    @Test
    @Order(2)
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() throws InterruptedException {
        String issuer = newIssuer();
        Activation.set(issuer, array(records(20, "Before"))).then().statusCode(200);
        Map<String, Object> before = hashes(issuer);
        TestDatabase.stop();
        try {
            Response down = as(issuer).config(NO_HANG).body(array(records(20, "During"))).post(Activation.SET);
            assertError(down, 503, "Service temporarily unavailable, please try again");
            assertEquals("5", down.header("Retry-After"));
            Response verify = as(issuer).config(NO_HANG).body(record("95000000", Activation.proxy(0), "Before0"))
                    .post(Activation.VERIFY);
            assertError(verify, 503, "Service temporarily unavailable, please try again");
            given().config(NO_HANG).get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            TestDatabase.restart();
        }
        assertEquals(before, hashes(issuer), "nothing written during the outage");
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            status = as(issuer).config(NO_HANG).body(array(records(20, "After"))).post(Activation.SET).statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "the service recovers without a restart");
        assertEquals(Activation.expectedHash(issuer, "95000000", Activation.proxy(19), "After19"),
                hashes(issuer).get("95000000/" + Activation.proxy(19)));
        Activation.verify(issuer, "95000000", Activation.proxy(0), "After0").then().statusCode(200);
        // readiness also checks the JDBC pool of the migrations, whose stale connection is replaced on next use
        int ready = 0;
        for (int attempt = 0; attempt < 50 && ready != 200; attempt++) {
            ready = given().config(NO_HANG).get("/q/health/ready").statusCode();
            if (ready != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, ready, "ready again");
    }
}
