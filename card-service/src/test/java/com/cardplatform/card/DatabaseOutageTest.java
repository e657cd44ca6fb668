package com.cardplatform.card;

import static com.cardplatform.card.CardStatusApiTest.body;
import static com.cardplatform.card.CardStatusApiTest.request;
import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertCiti;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back: every API answers 503 with Retry-After in its dialect meanwhile, and
 * the service recovers without a restart. An unexpected failure is a 500 without internals in both dialects.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class DatabaseOutageTest {

    private static final String SERVER_UNAVAILABLE = "The request failed due to an internal error/server unavailability";

    @Test
    void answers503WithRetryAfterDuringAnOutageAndRecoversWithoutRestart() {
        CardSpec spec = card().create();
        JsonWebKey key = currentKey();
        TestDatabase.stop();
        try {
            Response read = as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId);
            assertD1(read, 503, null, null);
            read.then().header("Retry-After", "5");
            Response tracked = track(spec, "SHIPMENT", encrypt(key, spec.cardData("dhl", "JD0001")));
            assertD1(tracked, 503, null, null);
            tracked.then().header("Retry-After", "5");
            assertD1(as(internal()).delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER,
                    spec.consumerId), 503, null, null);
            String uuid = UUID.randomUUID().toString();
            Response status = request(Fixtures.citi(ISSUER), uuid).body(body(spec.accountId, null, "F", null))
                    .put("/v1/cards/status/detail");
            assertCiti(status, 503, "fatal", "serverUnavailable", SERVER_UNAVAILABLE, null, null, uuid);
            status.then().header("Retry-After", "5");
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            TestDatabase.restart();
        }

        long deadline = System.currentTimeMillis() + 30_000;
        while (as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId)
                .statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                fail("card-service did not recover within 30 s of the database coming back");
            }
            sleep(250);
        }
        track(spec, "SHIPMENT", encrypt(key, spec.cardData("dhl", "JD0002"))).then().statusCode(200);
        request(Fixtures.citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, "F", null))
                .put("/v1/cards/status/detail").then().statusCode(204);
        assertEquals("BLOCKED", spec.status());
        // readiness follows (the JDBC pool used by Flyway revalidates its connection on its own schedule)
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline + 30_000) {
                fail("readiness did not come back");
            }
            sleep(250);
        }
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternalsInBothDialects() {
        CardSpec spec = card().create();
        TestDatabase.execute("ALTER TABLE card.cards RENAME TO cards_hidden_for_test");
        try {
            assertD1(as(provisioning(ISSUER)).get("/issuers/{issuerId}/cards/{cardId}", ISSUER, spec.cardId),
                    500, "INTERNAL_ERROR", null);
            assertD1(track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD0003"))),
                    500, "INTERNAL_ERROR", null);
            String uuid = UUID.randomUUID().toString();
            assertCiti(request(Fixtures.citi(ISSUER), uuid).body(body(spec.accountId, null, "F", null))
                    .put("/v1/cards/status/detail"), 500, "fatal", "serverUnavailable", SERVER_UNAVAILABLE, null, null,
                    uuid);
        } finally {
            TestDatabase.execute("ALTER TABLE card.cards_hidden_for_test RENAME TO cards");
        }
        assertEquals("ACTIVE", spec.status());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
