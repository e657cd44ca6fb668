package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest → delivered, signed (verified by Svix's verifier, which shares no code with our signer), the Standard
 * Webhooks body; duplicates delivered once; a failing receiver retried until it recovers; rotation; resend,
 * recover and the attempts log.
 */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class WebhookDeliveryTest {

    private final ObjectMapper json = new ObjectMapper();
    private Receiver receiver;

    @BeforeEach
    void start() {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** Svix's verifier, as a partner would call it, on the raw body and the headers as received. */
    static void verify(String secret, Receiver.Request request) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(request.header(name)));
        }
        new Webhook(secret).verify(request.text(), headers);
    }

    @Test
    void anIngestedEventIsDeliveredSignedWithTheStandardWebhooksBody() throws Exception {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, receiver.url("/hook"), "card.status.changed");
        assertTrue(endpoint.get("secret").startsWith("whsec_"));
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-1", 42)).then().statusCode(202)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0));

        Receiver.Request got = receiver.await(r -> true, 1).get(0);
        assertEquals("POST", got.method());
        assertEquals("/hook", got.path());
        assertEquals(id.toString(), got.header("webhook-id"));
        long timestamp = Long.parseLong(got.header("webhook-timestamp"));
        assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) < 300, "unix seconds");
        verify(endpoint.get("secret"), got);
        // another secret does not verify it: the check can fail
        assertThrows(WebhookVerificationException.class,
                () -> verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), got));

        JsonNode body = json.readTree(got.body());
        assertEquals("card.status.changed", body.get("type").asText());
        assertEquals("2026-12-03T07:40:00.123Z", body.get("timestamp").asText());
        JsonNode data = body.get("data");
        assertEquals("CARD-1", data.get("cardId").asText());
        assertEquals("SUSPENDED", data.get("status").asText());
        assertEquals("CARD-1", data.get("entityId").asText());
        assertEquals(42, data.get("sequence").asLong());
        assertEquals(List.of("type", "timestamp", "data"), iterableOf(body.fieldNames()));

        // the GET never shows the secret again
        partner(issuer).get("/webhooks/endpoints/" + endpoint.get("id")).then().statusCode(200)
                .body("secret", nullValue()).body("url", equalTo(receiver.url("/hook")));
    }

    @Test
    void anEventIsDeliveredInTheTraceOfTheRequestThatCausedItAndAMalformedTraceparentIsRefused() {
        String issuer = newIssuer();
        endpoint(issuer, receiver.url("/traced"), "card.status.changed");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String caused = "00-" + traceId + "-00f067aa0ba902b7-01";
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-T", 1).replace("\"correlationId\"",
                "\"traceparent\":\"" + caused + "\",\"correlationId\"")).then().statusCode(202);

        String received = receiver.await(r -> true, 1).get(0).header("traceparent");
        assertNotNull(received, "the delivery carries a traceparent");
        String[] parts = received.split("-");
        assertEquals(traceId, parts[1], "the delivery is a span of the event's trace: " + received);
        assertNotEquals("00f067aa0ba902b7", parts[2], "its own span, whose parent is the one kept with the event");

        // the intake checks the field like any other: W3C version 00, lower-case hex
        ingest(cardStatus(UUID.randomUUID(), issuer, "CARD-T", 2).replace("\"correlationId\"",
                "\"traceparent\":\"00-" + traceId.toUpperCase() + "-00f067aa0ba902b7-01\",\"correlationId\""))
                .then().statusCode(400);
    }

    @Test
    void aRepeatedEventIdIsAcceptedOnceAndDeliveredOnce() {
        String issuer = newIssuer();
        endpoint(issuer, receiver.url("/dup"), "card.status.changed");
        UUID id = UUID.randomUUID();
        String event = cardStatus(id, issuer, "CARD-2", 1);
        ingest(event, event).then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        ingest(event).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        receiver.await(r -> true, 1);
        // a second delivery would be a second row: the fan-out ran once
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id = '" + id + "'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.events WHERE event_id = '" + id + "'"));
    }

    @Test
    void anUnsubscribedTypeOrAnotherTenantsEventIsNotDelivered() {
        String issuer = newIssuer();
        endpoint(issuer, receiver.url("/only-digital"), "digital_card.status.changed");
        UUID mine = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ingest(cardStatus(mine, issuer, "CARD-3", 1), cardStatus(other, newIssuer(), "CARD-4", 1))
                .then().statusCode(202).body("accepted", equalTo(2));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id IN ('" + mine
                + "', '" + other + "')"));
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameIdUntilItAcknowledgesAndEveryAttemptIsListed() throws Exception {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, receiver.url("/flaky"), "card.status.changed");
        receiver.answer(r -> receiver.requests().size() < 2 ? new Receiver.Answer(503, "{\"busy\":true}")
                : new Receiver.Answer(200, "{\"ok\":true}"));
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-5", 7)).then().statusCode(202);
        List<Receiver.Request> got = receiver.await(r -> true, 3);
        for (Receiver.Request r : got) {
            assertEquals(id.toString(), r.header("webhook-id"));
            verify(endpoint.get("secret"), r);
        }
        awaitStatus(id, "DELIVERED");
        partner(issuer).get("/webhooks/events/" + id + "/attempts").then().statusCode(200)
                .body("data", hasSize(3))
                .body("data[0].statusCode", equalTo(503))
                .body("data[0].response", equalTo("{\"busy\":true}"))
                .body("data[1].statusCode", equalTo(503))
                .body("data[2].statusCode", equalTo(200))
                .body("data[2].endpointId", equalTo(endpoint.get("id")));
        assertEquals(3, TestDatabase.count("SELECT attempts FROM notify.deliveries WHERE event_id = '" + id + "'"));
    }

    @Test
    void aReceiverThatNeverAcknowledgesIsGivenUpAndRecoverSendsItAgain() {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, receiver.url("/down"), "card.status.changed");
        receiver.answer(r -> new Receiver.Answer(500, "down"));
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-6", 1)).then().statusCode(202);
        // give-up-after is PT4S in tests
        awaitStatus(id, "FAILED");
        int before = receiver.requests().size();
        assertTrue(before >= 2, "retried before giving up: " + before);

        receiver.answer(r -> new Receiver.Answer(204, ""));
        partner(issuer).body("{\"since\":\"2026-01-01T00:00:00Z\"}")
                .post("/webhooks/endpoints/" + endpoint.get("id") + ":recover")
                .then().statusCode(202).body("recovering", equalTo(1));
        receiver.await(r -> true, before + 1);
        awaitStatus(id, "DELIVERED");
    }

    @Test
    void resendDeliversTheSameEventAgainWithTheSameId() throws Exception {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, receiver.url("/resend"), "card.status.changed");
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-7", 3)).then().statusCode(202);
        receiver.await(r -> true, 1);
        awaitStatus(id, "DELIVERED");
        partner(issuer).post("/webhooks/events/" + id + ":resend").then().statusCode(202)
                .body("resending", equalTo(1));
        List<Receiver.Request> got = receiver.await(r -> true, 2);
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));
        assertEquals(got.get(0).text(), got.get(1).text());
        verify(endpoint.get("secret"), got.get(1));
    }

    @Test
    void afterARotationBothTheNewAndThePreviousSecretVerify() throws Exception {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, receiver.url("/rotate"), "card.status.changed");
        String rotated = partner(issuer).post("/webhooks/endpoints/" + endpoint.get("id") + "/secret:rotate")
                .then().statusCode(200).extract().path("secret");
        assertTrue(rotated.startsWith("whsec_"));
        assertFalse(rotated.equals(endpoint.get("secret")));
        partner(issuer).get("/webhooks/endpoints/" + endpoint.get("id")).then().body("secret", nullValue());

        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, issuer, "CARD-8", 1)).then().statusCode(202);
        Receiver.Request got = receiver.await(r -> true, 1).get(0);
        String[] signatures = got.header("webhook-signature").split(" ");
        assertEquals(2, signatures.length, got.header("webhook-signature"));
        assertTrue(signatures[0].startsWith("v1,") && signatures[1].startsWith("v1,"));
        verify(rotated, got);
        verify(endpoint.get("secret"), got);
        // each signature is one key's: the new secret verifies the first alone, the old one the second alone
        assertTrue(verifiesWithOnly(rotated, got, signatures[0]));
        assertTrue(verifiesWithOnly(endpoint.get("secret"), got, signatures[1]));
        assertFalse(verifiesWithOnly(rotated, got, signatures[1]));
    }

    @Test
    void eventsAreListedNewestFirstWithACursor() {
        String issuer = newIssuer();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        ingest(cardStatus(first, issuer, "C-1", 1)).then().statusCode(202);
        ingest(cardStatus(second, issuer, "C-2", 1)).then().statusCode(202);
        ingest(cardStatus(third, issuer, "C-3", 1)).then().statusCode(202);
        String next = partner(issuer).queryParam("limit", 2).get("/webhooks/events").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(third.toString()))
                .body("data[1].id", equalTo(second.toString()))
                .body("data[0].data.cardId", equalTo("C-3"))
                .extract().path("next");
        partner(issuer).queryParam("limit", 2).queryParam("after", next).get("/webhooks/events").then()
                .statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(first.toString()))
                .body("next", nullValue());
        partner(issuer).queryParam("type", "card_account.created").get("/webhooks/events").then()
                .statusCode(200).body("data", hasSize(0));
    }

    private static boolean verifiesWithOnly(String secret, Receiver.Request request, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("webhook-id", List.of(request.header("webhook-id")));
        headers.put("webhook-timestamp", List.of(request.header("webhook-timestamp")));
        headers.put("webhook-signature", List.of(signature));
        try {
            new Webhook(secret).verify(request.text(), headers);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void awaitStatus(UUID eventId, String status) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id = '" + eventId
                    + "' AND status = '" + status + "'") > 0) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("delivery of " + eventId + " never became " + status);
    }

    private static <T> List<T> iterableOf(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
