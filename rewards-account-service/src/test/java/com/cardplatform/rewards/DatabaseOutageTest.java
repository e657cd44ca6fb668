package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL down: 503 TripleServiceUnavailable with Retry-After; back up: served again without a restart. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DatabaseOutageTest {

    @Test
    void anOutageIsServiceUnavailableAndTheServiceRecoversWithoutRestart() throws InterruptedException {
        Partner partner = Partner.fresh("outage");
        String ext = Partner.unique("acct");
        String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        String accountId = partner.account(programId, ext);
        partner.byIds(Map.of("card_account_external_id", ext)).then().statusCode(200);

        TestDatabase.stop();
        try {
            assertError(partner.byIds(Map.of("card_account_external_id", ext)), 503, TripleErrors.UNAVAILABLE)
                    .header("Retry-After", notNullValue());
            assertError(partner.request().get("/partner/card-accounts/" + accountId), 503, TripleErrors.UNAVAILABLE)
                    .header("Retry-After", notNullValue());
            assertError(partner.createPublisher(Partner.unique("pub")), 503, TripleErrors.UNAVAILABLE);
            for (String list : List.of("/partner/publishers", "/partner/card-programs", "/partner/card-accounts")) {
                assertError(partner.request().get(list), 503, TripleErrors.UNAVAILABLE)
                        .header("Retry-After", notNullValue());
            }
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            TestDatabase.restart();
        }

        int status = 0;
        for (int attempt = 0; attempt < 60 && status != 200; attempt++) {
            status = partner.byIds(Map.of("card_account_external_id", ext)).statusCode();
            if (status != 200) {
                assertEquals(503, status, "while reconnecting the service answers 503, never 500");
                Thread.sleep(500);
            }
        }
        assertEquals(200, status, "served again after the database came back");
        partner.byIds(Map.of("card_account_external_id", ext)).then().statusCode(200).body("id", equalTo(accountId));
        partner.request().get("/partner/card-accounts/" + accountId).then().statusCode(200);
        partner.publisher(Partner.unique("pub"));
        partner.request().get("/partner/card-accounts").then().statusCode(200)
                .body("card_accounts.id", equalTo(List.of(accountId)));
        String ready = "";
        for (int attempt = 0; attempt < 60 && !ready.contains("\"UP\""); attempt++) {
            ready = given().get("/q/health/ready").asString();
            if (!ready.contains("\"status\": \"UP\"") && !ready.contains("\"status\":\"UP\"")) {
                ready = "";
                Thread.sleep(500);
            }
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
