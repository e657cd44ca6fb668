package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.internal;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The service with production's destination rules: https only, public addresses only. */
@QuarkusTest
@TestProfile(ProdLikeSafetyTest.ProdLike.class)
@WithTestResource(NotifyTestResource.class)
class ProdLikeSafetyTest {

    public static class ProdLike implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.notify.allow-http", "false", "platform.notify.allow-private-addresses", "false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data", "https://localhost/hook", "https://[fd00:ec2::254]/"})
    void endpointCreationRefusesTheUrlAsAProblem(String url) {
        partner(newIssuer()).body("{\"url\":\"" + url + "\",\"eventTypes\":[\"card.status.changed\"]}")
                .post("/webhooks/endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"));
    }

    @Test
    void issuerCallbacksAreCheckedToo() {
        internal().body("{\"baseUrl\":\"https://localhost/cms\"}")
                .put("/internal/issuers/" + newIssuer() + "/notifications").then().statusCode(400)
                .body("errors[0].field", equalTo("baseUrl"));
    }

    @Test
    void aNameThatNowResolvesToLoopbackIsRefusedAtConnectTime() {
        String issuer = newIssuer();
        String id = partner(issuer).body("{\"url\":\"https://93.184.216.34/hook\",\"eventTypes\":[\"card.status.changed\"]}")
                .post("/webhooks/endpoints").then().statusCode(201).extract().path("id");
        // the registered name later resolves to a loopback address (DNS changed hands): here, the name itself
        TestDatabase.execute("UPDATE notify.endpoints SET url = 'https://localhost:1/hook' WHERE endpoint_id = '"
                + id + "'");
        UUID event = UUID.randomUUID();
        ingest(cardStatus(event, issuer, "CARD-S", 1)).then().statusCode(202);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (TestDatabase.count("SELECT count(*) FROM notify.attempts WHERE event_id = '" + event + "'") == 0
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        partner(issuer).get("/webhooks/events/" + event + "/attempts").then().statusCode(200)
                .body("data[0].error", containsString("refused destination"))
                .body("data[0].error", containsString("non-public"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.attempts WHERE event_id = '" + event
                + "' AND status_code IS NOT NULL"));
    }
}
