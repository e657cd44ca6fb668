package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.event;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.internal;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.publisher;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** D1 Notify Card Operations: the issuer's own OAuth token, batches of at most maxOperations, retries. */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class D1CallbackTest {

    static final String TOKEN = "issuer-access-token-7f3a";
    static final String CLIENT_SECRET = "issuer-client-secret-91b2";

    private final ObjectMapper json = new ObjectMapper();
    private Receiver issuerSide;

    @BeforeEach
    void start() {
        issuerSide = new Receiver();
    }

    @AfterEach
    void stop() {
        issuerSide.close();
    }

    static String tracking(UUID id, String issuer, String operationId, String cardId) {
        return event(id, "tracking.operation.updated", "issuer:" + issuer, operationId, 5,
                "{\"issuerId\":\"" + issuer + "\",\"cardId\":\"" + cardId + "\",\"operation\":{\"operationId\":\""
                        + operationId + "\",\"operation\":\"STANDALONE_TRACKING\",\"status\":\"SUCCESSFUL\","
                        + "\"startTime\":\"2026-12-03T07:00:00Z\",\"endTime\":\"2026-12-03T07:01:00Z\","
                        + "\"details\":{\"status\":\"CARD_SHIPPED\"}}}");
    }

    private void configure(String issuer, int maxOperations) {
        internal().body("{\"baseUrl\":\"" + issuerSide.url("/cms") + "\",\"tokenUrl\":\"" + issuerSide.url("/oauth/token")
                        + "\",\"clientId\":\"d1-notifier\",\"clientSecret\":\"" + CLIENT_SECRET
                        + "\",\"scope\":\"card-notifications\",\"maxOperations\":" + maxOperations + ",\"enabled\":true}")
                .put("/internal/issuers/" + issuer + "/notifications")
                .then().statusCode(200)
                .body("issuerId", equalTo(issuer))
                .body("clientSecretSet", equalTo(true))
                .body("$", not(hasKey("clientSecret")))
                .body("maxOperations", equalTo(maxOperations));
    }

    private static boolean isToken(Receiver.Request r) {
        return r.path().equals("/oauth/token");
    }

    @Test
    void operationsAreBatchedUpToMaxOperationsWithTheIssuersToken() throws Exception {
        String issuer = newIssuer();
        AtomicInteger tokenCalls = new AtomicInteger();
        issuerSide.answer(r -> {
            if (isToken(r)) {
                tokenCalls.incrementAndGet();
                return new Receiver.Answer(200, "{\"access_token\":\"" + TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
            }
            return new Receiver.Answer(204, "");
        });
        configure(issuer, 2);
        internal().get("/internal/issuers/" + issuer + "/notifications").then().statusCode(200)
                .body("baseUrl", equalTo(issuerSide.url("/cms"))).body("$", not(hasKey("clientSecret")));

        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(tracking(UUID.randomUUID(), issuer, "OP-" + i, "CARD-" + i));
        }
        // another type of the same tenant is not a D1 card operation
        events.add(Notify.cardStatus(UUID.randomUUID(), issuer, "CARD-X", 1));
        ingest(events.toArray(String[]::new)).then().statusCode(202).body("accepted", equalTo(6));

        List<Receiver.Request> calls = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (operationIds.size() < 5 && System.nanoTime() < deadline) {
            calls = issuerSide.requests(r -> !isToken(r));
            operationIds.clear();
            for (Receiver.Request call : calls) {
                json.readTree(call.body()).get("operations").forEach(op -> operationIds.add(op.get("operationId").asText()));
            }
            Thread.sleep(20);
        }
        assertEquals(Set.of("OP-0", "OP-1", "OP-2", "OP-3", "OP-4"), operationIds);
        assertTrue(calls.size() >= 3, "5 operations in batches of at most 2: " + calls.size());
        for (Receiver.Request call : calls) {
            assertEquals("/cms/notifications/d1/v2/issuers/" + issuer + "/cards", call.path());
            assertEquals("Bearer " + TOKEN, call.header("authorization"));
            assertNotNull(call.header("x-correlation-id"));
            JsonNode operations = json.readTree(call.body()).get("operations");
            assertTrue(operations.size() >= 1 && operations.size() <= 2, call.text());
            JsonNode op = operations.get(0);
            assertEquals("STANDALONE_TRACKING", op.get("operation").asText());
            assertEquals("SUCCESSFUL", op.get("status").asText());
            assertEquals("CARD-" + op.get("operationId").asText().substring(3), op.get("cardId").asText());
            assertEquals("CARD_SHIPPED", op.get("details").get("status").asText());
        }

        // RFC 6749 4.4: form-encoded client_credentials, client authenticated with HTTP Basic
        Receiver.Request tokenRequest = issuerSide.requests(D1CallbackTest::isToken).get(0);
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("d1-notifier:" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8)), tokenRequest.header("authorization"));
        assertTrue(tokenRequest.header("content-type").startsWith("application/x-www-form-urlencoded"));
        assertEquals("grant_type=client_credentials&scope=card-notifications", tokenRequest.text());

        // the token is cached: a later delivery asks for none
        ingest(tracking(UUID.randomUUID(), issuer, "OP-5", "CARD-5")).then().statusCode(202);
        issuerSide.await(r -> !isToken(r) && r.text().contains("OP-5"), 1);
        assertEquals(1, tokenCalls.get());
    }

    @Test
    void aFailedCallIsRetriedWithTheSameOperation() throws Exception {
        String issuer = newIssuer();
        AtomicInteger calls = new AtomicInteger();
        issuerSide.answer(r -> isToken(r)
                ? new Receiver.Answer(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":600}")
                : calls.incrementAndGet() == 1 ? new Receiver.Answer(500, "{\"error\":\"boom\"}")
                : new Receiver.Answer(204, ""));
        configure(issuer, 10);
        UUID id = UUID.randomUUID();
        ingest(tracking(id, issuer, "OP-R", "CARD-R")).then().statusCode(202);
        List<Receiver.Request> got = issuerSide.await(r -> !isToken(r), 2);
        assertEquals(json.readTree(got.get(0).body()), json.readTree(got.get(1).body()));
        WebhookDeliveryTest.awaitStatus(id, "DELIVERED");
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM notify.attempts WHERE event_id = '" + id + "'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.attempts WHERE event_id = '" + id
                + "' AND status_code = 500 AND response = '{\"error\":\"boom\"}'"));
    }

    @Test
    void withoutATokenUrlNoAuthorizationIsSentAndDeleteStopsDeliveries() {
        String issuer = newIssuer();
        internal().body("{\"baseUrl\":\"" + issuerSide.url("/plain/") + "\",\"maxOperations\":5}")
                .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(200)
                .body("clientSecretSet", equalTo(false)).body("enabled", equalTo(true));
        ingest(tracking(UUID.randomUUID(), issuer, "OP-P", "CARD-P")).then().statusCode(202);
        Receiver.Request call = issuerSide.await(r -> true, 1).get(0);
        assertEquals("/plain/notifications/d1/v2/issuers/" + issuer + "/cards", call.path());
        assertEquals(null, call.header("authorization"));

        internal().delete("/internal/issuers/" + issuer + "/notifications").then().statusCode(204);
        internal().get("/internal/issuers/" + issuer + "/notifications").then().statusCode(404);
        UUID after = UUID.randomUUID();
        ingest(tracking(after, issuer, "OP-Q", "CARD-Q")).then().statusCode(202);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id = '" + after + "'"));
    }

    @Test
    void issuerProvisioningNeedsItsScopeAndValidatesTheConfiguration() {
        String issuer = newIssuer();
        Notify.partner(issuer).body("{\"baseUrl\":\"http://localhost/\"}")
                .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(403);
        publisher().body("{\"baseUrl\":\"http://localhost/\"}")
                .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(403);
        internal().body("{\"baseUrl\":\"http://localhost/\",\"tokenUrl\":\"http://localhost/token\"}")
                .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(400)
                .contentType("application/problem+json");
        internal().body("{\"maxOperations\":0}")
                .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
