package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.notify.delivery.Dispatcher;
import com.cardplatform.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, and the disabling of an endpoint failing for too long. */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class OperationsTest {

    @Inject
    Dispatcher dispatcher;

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        try (Receiver receiver = new Receiver()) {
            String issuer = newIssuer();
            endpoint(issuer, receiver.url("/m"), "card.status.changed");
            ingest(cardStatus(UUID.randomUUID(), issuer, "CARD-M", 1)).then().statusCode(202);
            receiver.await(r -> true, 1);
        }
        dispatcher.refreshBacklog().await().indefinitely();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : new String[] {"notify_deliveries_total{outcome=\"delivered\"}", "notify_backlog_pending",
            "notify_backlog_failing"}) {
            assertEquals(true, metrics.contains(name), name);
        }
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/webhooks/endpoints"))
                .body(containsString("/internal/events"))
                .body(containsString("/internal/issuers/{issuerId}/notifications"));
    }

    @Test
    void eventsPastTheRetentionAreDeletedWithTheirAttemptsAndRecentOnesKept() {
        String issuer = newIssuer();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        ingest(cardStatus(old, issuer, "CARD-O", 1), cardStatus(recent, issuer, "CARD-N", 1)).then().statusCode(202);
        TestDatabase.execute("UPDATE notify.events SET received_at = now() - interval '40 days' WHERE event_id = '"
                + old + "'");
        dispatcher.purgeHistory().await().indefinitely();
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.events WHERE event_id = '" + old + "'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.events WHERE event_id = '" + recent + "'"));
    }

    @Test
    void anEndpointFailingForTooLongIsDisabledAndItsTenantIsTold() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String issuer = newIssuer();
            Map<String, String> failing = endpoint(issuer, receiver.url("/failing"), "card.status.changed");
            endpoint(issuer, receiver.url("/ops"), "webhook_endpoint.disabled");
            TestDatabase.execute("UPDATE notify.endpoints SET failing_since = now() - interval '6 days'"
                    + " WHERE endpoint_id = '" + failing.get("id") + "'");
            dispatcher.disableFailingEndpoints().await().indefinitely();
            partner(issuer).get("/webhooks/endpoints/" + failing.get("id")).then().statusCode(200)
                    .body("disabled", equalTo(true)).body("disabledReason", startsWith("failing continuously since"));
            Receiver.Request told = receiver.await(r -> r.path().equals("/ops"), 1).get(0);
            JsonNode body = new ObjectMapper().readTree(told.body());
            assertEquals("webhook_endpoint.disabled", body.get("type").asText());
            assertEquals(failing.get("id"), body.get("data").get("endpointId").asText());
            assertEquals(receiver.url("/failing"), body.get("data").get("url").asText());
            // a disabled endpoint receives nothing new
            UUID later = UUID.randomUUID();
            ingest(cardStatus(later, issuer, "CARD-D", 1)).then().statusCode(202);
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id = '" + later
                    + "'"));
        }
    }
}
