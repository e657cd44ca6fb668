package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outbound delivery on the running platform, end to end: a partner's change through the front door becomes an event
 * in the service's outbox, reaches notification-service, and arrives at the partner's own HTTP server signed
 * (checked with the Standard Webhooks reference library, which shares no code with our signer) — and at a D1
 * issuer's notification endpoint, in D1's format, with the token of the issuer's own OAuth server. Then the faults:
 * the receiver down and back (nothing lost), notification-service killed during deliveries (nothing lost, repeats
 * keep their {@code webhook-id}), and two replicas (each event delivered once).
 */
@Order(4) // before LogHygieneIT, which scans the logs for the secrets used here
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationsIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final String PAN = "4111111111111111";
    /** The retry schedule of the fault tests: the days of the real one compressed into seconds. */
    static final String FAST_RETRIES = "-Dplatform.notify.retry.schedule=PT0S,PT1S,PT2S,PT3S";

    static SharedStack shared;
    static PartnerReceiver receiver;
    static boolean restarted;

    @BeforeAll
    static void start() {
        shared = SharedStack.get();
        receiver = new PartnerReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        if (restarted) {
            // leave notification-service as the other tests know it (its default retry schedule)
            shared.stack().stopService("notification-service");
            shared.stack().startService("notification-service");
        }
    }

    @Test
    @Order(1)
    void aCardBlockedThroughCitiReachesTheIssuersWebhookSignedAndOnlyThatTenantSeesIt() throws Exception {
        String d1 = shared.token("local-d1-issuer");
        Endpoint endpoint = Endpoint.create(d1, "/citi-" + RUN, List.of("card.status.changed"));
        String card = "NOTIFY-" + RUN;
        shared.sensitive(PAN);
        Api.Response provisioned = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", card,
                "consumerId", "notify-consumer-" + RUN, "accountId", "NOTIFY-ACC-" + RUN, "productType", "DEBIT", "pan", PAN));
        assertEquals(201, provisioned.status(), provisioned.body());
        Api.Response blocked = Api.call("PUT", "/v1/cards/status/detail", shared.token("local-citi", "cards:status"),
                Map.of("accountId", "NOTIFY-ACC-" + RUN, "cardStatusCode", "F", "blockReasonCode", "Y1"),
                "uuid", UUID.randomUUID().toString(), "countryCode", "MX", "businessCode", "BNMX", "ChannelId", "MOBILE",
                "sid", "notify-" + RUN);
        assertEquals(204, blocked.status(), blocked.body());

        PartnerReceiver.Received delivery = await("the card's status change at the issuer's endpoint", () ->
                endpoint.deliveries().stream().filter(r -> card.equals(r.json().path("data").path("cardId").asText())
                        && "BLOCKED".equals(r.json().path("data").path("status").asText())).findFirst().orElse(null));
        endpoint.verify(delivery);
        JsonNode event = delivery.json();
        assertEquals("card.status.changed", event.path("type").asText(), delivery.body());
        assertEquals(card, event.path("data").path("entityId").asText(), delivery.body());
        assertTrue(event.path("data").path("sequence").asLong() > 0, delivery.body());
        assertFalse(event.path("timestamp").asText().isEmpty(), delivery.body());
        assertFalse(delivery.body().contains(PAN) || delivery.body().contains("pan"), "no PAN or digest: " + delivery.body());
        // every delivery to this endpoint is signed with its secret, and nothing of another type arrived
        for (PartnerReceiver.Received r : endpoint.deliveries()) {
            endpoint.verify(r);
            assertEquals("card.status.changed", r.json().path("type").asText(), r.body());
        }

        // the event's attempts, as the partner reads them; another issuer's client sees neither it nor the endpoint
        String eventId = delivery.header("webhook-id");
        Api.Response attempts = await("the recorded attempt", () -> {
            Api.Response r = Api.call("GET", "/webhooks/events/" + eventId + "/attempts", d1, null);
            return r.status() == 200 && r.body().contains("204") ? r : null;
        });
        assertTrue(attempts.body().contains("204"), attempts.body());
        String other = shared.token("local-issuer-b");
        assertEquals(404, Api.call("GET", "/webhooks/events/" + eventId + "/attempts", other, null).status());
        assertEquals(404, Api.call("GET", "/webhooks/endpoints/" + endpoint.id, other, null).status());
        assertEquals(404, Api.call("DELETE", "/webhooks/endpoints/" + endpoint.id, other, null).status());
        assertEquals(200, Api.call("GET", "/webhooks/endpoints/" + endpoint.id, d1, null).status());
        // without webhooks:manage: refused in the problem-details dialect
        Api.Response noScope = Api.call("GET", "/webhooks/endpoints", shared.token("local-citi", "cards:status"), null);
        assertEquals(403, noScope.status(), noScope.body());
        endpoint.delete();
    }

    @Test
    @Order(2)
    void aD1IssuerGetsItsOperationsInD1sFormatWithTheTokenOfItsOwnOAuthServer() {
        String issuer = LocalSecrets.SECOND_ISSUER;
        String operator = shared.token(LocalSecrets.OPERATOR_CLIENT);
        String issuerSecret = shared.sensitive("issuer-oauth-secret-" + RUN);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", receiver.url("/d1-" + RUN));
        settings.put("tokenUrl", receiver.url("/oauth/token"));
        settings.put("clientId", "platform-at-issuer");
        settings.put("clientSecret", issuerSecret);
        settings.put("scope", "notifications");
        settings.put("maxOperations", 2);
        settings.put("enabled", true);
        Api.Response configured = Api.direct("notification-service", "PUT", "/internal/issuers/" + issuer + "/notifications",
                operator, settings);
        assertTrue(configured.status() / 100 == 2, configured.toString());
        assertFalse(configured.body().contains(issuerSecret), "the secret is never shown again: " + configured.body());
        try {
            String b = shared.token("local-issuer-b");
            List<String> consumers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String consumer = "notify-d1-" + RUN + "-" + i;
                consumers.add(consumer);
                Api.Response r = Api.call("POST", "/issuers/" + issuer + "/consumers", b,
                        Map.of("consumerId", consumer, "accounts", List.of(Map.of("accountId", "A-" + consumer))));
                assertTrue(r.status() / 100 == 2, r.toString());
            }
            String path = "/d1-" + RUN + "/notifications/d1/v2/issuers/" + issuer + "/cards";
            await("three REGISTER operations at the issuer's notification endpoint", () -> {
                Set<String> seen = operationsIn(receiver.received(r -> r.path().equals(path))).stream()
                        .map(o -> o.path("operationId").asText()).collect(Collectors.toSet());
                return seen.size() >= 3 ? seen : null;
            });
            for (PartnerReceiver.Received call : receiver.received(r -> r.path().equals(path))) {
                assertEquals("POST", call.method());
                assertEquals("Bearer " + PartnerReceiver.ISSUER_TOKEN, call.header("Authorization"), call.toString());
                assertNotNull(call.header("x-correlation-id"), call.toString());
                List<JsonNode> operations = operationsIn(List.of(call));
                assertTrue(operations.size() >= 1 && operations.size() <= 2, "at most maxOperations per call: " + call.body());
                for (JsonNode op : operations) {
                    for (String field : List.of("operationId", "operation", "status", "startTime")) {
                        assertTrue(op.hasNonNull(field), field + " in " + op);
                    }
                }
            }
            // the token came from the issuer's token URL: client credentials, form-encoded, the issuer's client
            PartnerReceiver.Received tokenRequest = receiver.received(r -> r.path().equals("/oauth/token")).get(0);
            assertTrue(tokenRequest.body().contains("grant_type=client_credentials"), tokenRequest.body());
            String basic = tokenRequest.header("Authorization");
            String form = tokenRequest.body();
            assertTrue((basic != null && new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
                    .equals("platform-at-issuer:" + issuerSecret)) || form.contains("client_secret="),
                    "the issuer's client authenticates: " + tokenRequest);
        } finally {
            Api.direct("notification-service", "DELETE", "/internal/issuers/" + issuer + "/notifications", operator, null);
        }
    }

    @Test
    @Order(4)
    void aReceiverThatIsDownGetsEveryEventOnceItIsBack() throws Exception {
        if (!restarted) { // run alone: the previous test did not restart it with the fault tests' schedule
            shared.stack().stopService("notification-service");
            shared.stack().startService("notification-service", List.of(FAST_RETRIES));
            restarted = true;
        }
        String triple = shared.token("local-triple");
        Endpoint endpoint = Endpoint.create(triple, "/down-" + RUN, List.of("publisher.created"));
        receiver.answer(503);
        Set<String> created = createPublishers(triple, "down-" + RUN, 30);
        await("failed attempts while the receiver is down", () ->
                endpoint.deliveries().stream().filter(r -> r.answered() == 503).count() >= 30 ? true : null);
        sleep(Duration.ofSeconds(5));
        receiver.answer(204);
        awaitDelivered(endpoint, created, Duration.ofSeconds(60));
        endpoint.delete();
    }

    @Test
    @Order(3)
    void killedDuringDeliveriesNotificationServiceLosesNothingAndRepeatsKeepTheirId() throws Exception {
        String triple = shared.token("local-triple");
        Endpoint endpoint = Endpoint.create(triple, "/kill-" + RUN, List.of("publisher.created"));
        receiver.delay(Duration.ofMillis(50));
        try {
            Set<String> created = createPublishers(triple, "kill-" + RUN, 200);
            await("deliveries under way", () -> endpoint.deliveries().size() >= 20 ? true : null);
            shared.stack().killService("notification-service");
            // started again with the retry schedule of the fault tests (the next test needs it)
            shared.stack().startService("notification-service", List.of(FAST_RETRIES));
            restarted = true;
            Map<String, String> delivered = awaitDelivered(endpoint, created, Duration.ofSeconds(90));
            // a repetition (the kill left its first attempt unacknowledged) carries the same id and the same body
            Map<String, String> bodies = new HashMap<>();
            for (PartnerReceiver.Received r : endpoint.deliveries()) {
                String previous = bodies.putIfAbsent(r.header("webhook-id"), r.body());
                assertTrue(previous == null || previous.equals(r.body()), "same webhook-id, same event: " + r.body());
            }
            assertEquals(created.size(), delivered.size());
        } finally {
            receiver.delay(Duration.ZERO);
            endpoint.delete();
        }
    }

    @Test
    @Order(5)
    void twoReplicasDeliverEachEventOnce() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ServiceProcess replica = shared.stack().startReplica("notification-service", port, List.of(FAST_RETRIES));
        try {
            String triple = shared.token("local-triple");
            Endpoint endpoint = Endpoint.create(triple, "/replicas-" + RUN, List.of("publisher.created"));
            Set<String> created = createPublishers(triple, "replicas-" + RUN, 200);
            awaitDelivered(endpoint, created, Duration.ofSeconds(60));
            Map<String, Long> perId = endpoint.deliveries().stream()
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
            assertEquals(Map.of(), perId.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "delivered more than once");
            endpoint.delete();
        } finally {
            replica.stop(Duration.ofSeconds(15));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A partner's webhook endpoint on {@link #receiver}, created through the front door. */
    record Endpoint(String token, String id, String secret, String path) {

        static Endpoint create(String token, String path, List<String> types) {
            Api.Response r = Api.call("POST", "/webhooks/endpoints", token, Map.of("url", receiver.url(path),
                    "eventTypes", types, "description", "NotificationsIT " + path));
            assertEquals(201, r.status(), r.toString());
            String secret = shared.sensitive(r.json().path("secret").asText());
            assertTrue(secret.startsWith("whsec_"), r.body());
            // shown once: reading the endpoint again does not show it
            String id = r.json().path("id").asText();
            Api.Response again = Api.call("GET", "/webhooks/endpoints/" + id, token, null);
            assertEquals(200, again.status(), again.toString());
            assertFalse(again.body().contains(secret), again.body());
            return new Endpoint(token, id, secret, path);
        }

        List<PartnerReceiver.Received> deliveries() {
            return receiver.received(r -> r.path().equals(path));
        }

        /** With the specification's reference implementation, on the raw body, before parsing it. */
        void verify(PartnerReceiver.Received delivery) {
            try {
                new Webhook(secret).verify(delivery.body(), delivery.headers());
            } catch (WebhookVerificationException e) {
                fail("signature does not verify (" + e.getMessage() + "): " + delivery.headers() + " " + delivery.body());
            }
        }

        void delete() {
            Api.Response r = Api.call("DELETE", "/webhooks/endpoints/" + id, token, null);
            assertTrue(r.status() == 204 || r.status() == 200, r.toString());
        }
    }

    /**
     * Creates Triple publishers, one after another, as a partner within its rate limit does: a 429 is waited out for
     * its Retry-After and the same request sent again (a publisher takes a few milliseconds, so 200 of them in a row
     * can exceed the default 100 a second). Their external ids.
     */
    static Set<String> createPublishers(String token, String prefix, int count) throws InterruptedException {
        Set<String> externalIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String external = prefix + "-" + i;
            Map<String, String> body = Map.of("external_id", external, "name", "Notification test publisher");
            Api.Response r = Api.call("POST", "/partner/publishers", token, body);
            for (int retry = 0; r.status() == 429 && retry < 5; retry++) {
                Api.Response refused = r;
                long seconds = Long.parseLong(refused.header("Retry-After").orElseThrow(() ->
                        new AssertionError("a 429 without Retry-After: " + refused)));
                Thread.sleep(Math.max(1, seconds) * 1000);
                r = Api.call("POST", "/partner/publishers", token, body);
            }
            assertEquals(201, r.status(), r.toString());
            externalIds.add(external);
        }
        return externalIds;
    }

    /**
     * Waits until every created publisher's event was acknowledged (2xx) at the endpoint, each signed; the webhook-id of
     * each publisher's event.
     */
    static Map<String, String> awaitDelivered(Endpoint endpoint, Set<String> externalIds, Duration within) {
        return await(externalIds.size() + " events acknowledged at " + endpoint.path(), within, () -> {
            Map<String, String> delivered = new HashMap<>();
            for (PartnerReceiver.Received r : endpoint.deliveries()) {
                String external = r.json().path("data").path("external_id").asText();
                if (r.answered() / 100 == 2 && externalIds.contains(external)) {
                    endpoint.verify(r);
                    delivered.put(external, r.header("webhook-id"));
                }
            }
            return delivered.size() == externalIds.size() ? delivered : null;
        });
    }

    /** The D1 operation objects in the bodies of issuer callbacks, whatever member holds their list. */
    static List<JsonNode> operationsIn(List<PartnerReceiver.Received> calls) {
        List<JsonNode> operations = new ArrayList<>();
        for (PartnerReceiver.Received call : calls) {
            for (JsonNode node : call.json().findParents("operationId")) {
                operations.add(node);
            }
        }
        return operations;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(String what, Probe<T> probe) {
        return await(what, Duration.ofSeconds(30), probe);
    }

    static <T> T await(String what, Duration within, Probe<T> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("waited " + within.toSeconds() + " s for " + what + "; the receiver got "
                + receiver.received().size() + " requests", last);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
