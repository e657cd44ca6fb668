package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.notify.config.NotifyConfig;
import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.svix.Webhook;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The partner's receiver is down for real (its port refuses connections) for {@code soak.downtime} (default
 * PT10M) while events keep coming, then comes back on the same port: every event is delivered, signed, with the
 * production retry schedule. Runs only with {@code -Dsoak=true}: with the production schedule it takes 35-45
 * minutes (events whose third attempt failed during the downtime wait for the 30-minute retry).
 *
 * <p>System properties: {@code soak.downtime} (ISO-8601, default PT10M), {@code soak.every} (one event per this
 * during the downtime, default PT20S), {@code soak.before} (events delivered before the receiver goes down, default
 * 5), {@code soak.wait} (how long to wait after the recovery for every delivery, default PT40M), {@code soak.port}
 * (the receiver's port, default any free one).</p>
 */
@QuarkusTest
@WithTestResource(ReceiverDownSoakTest.ProductionSchedule.class)
@EnabledIfSystemProperty(named = "soak", matches = "true")
class ReceiverDownSoakTest {

    /** application.properties' defaults: the test fails rather than measure a compressed schedule. */
    static final String PRODUCTION_SCHEDULE = "PT0S,PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H";

    /**
     * The real PostgreSQL and token key, the secrets key and plain-http loopback destinations of the tests; the
     * retry schedule and the dispatch settings are left to application.properties (production's), unlike
     * {@link NotifyTestResource}.
     */
    public static class ProductionSchedule extends PlatformTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> props = new LinkedHashMap<>(super.start());
            props.put("platform.notify.secrets-key", NotifyTestResource.SECRETS_KEY);
            props.put("platform.notify.allow-http", "true");
            props.put("platform.notify.allow-private-addresses", "true");
            return props;
        }
    }

    /** One request as the partner's server received it, and whether Svix's verifier accepted it then. */
    record Received(Instant at, String webhookId, String timestamp, byte[] body, boolean verified, String error) {
    }

    /** What the test ingested, and when it sent the ingestion request. */
    record Ingested(UUID id, long sequence, String cardId, Instant at) {
    }

    @Inject
    NotifyConfig config;

    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile String secret;

    @Test
    void everyEventIsDeliveredAfterTheReceiverWasDown() throws Exception {
        Duration downtime = Duration.parse(System.getProperty("soak.downtime", "PT10M"));
        Duration every = Duration.parse(System.getProperty("soak.every", "PT20S"));
        Duration wait = Duration.parse(System.getProperty("soak.wait", "PT40M"));
        int before = Integer.getInteger("soak.before", 5);
        int wantedPort = Integer.getInteger("soak.port", 0);

        // production's schedule and dispatch, not the compressed one of the other tests
        assertEquals(Arrays.stream(PRODUCTION_SCHEDULE.split(",")).map(Duration::parse).toList(),
                config.retry().schedule(), "the production retry schedule");
        assertEquals(Duration.ofDays(3), config.retry().giveUpAfter());
        assertEquals("1s", config.dispatch().every());
        assertEquals(Duration.ofSeconds(10), config.dispatch().timeout());
        List<Duration> schedule = config.retry().schedule();
        double jitter = config.retry().jitter();

        String issuer = newIssuer();
        Partner up = new Partner(wantedPort);
        int port = up.port();
        Map<String, String> endpoint = endpoint(issuer, "http://127.0.0.1:" + port + "/soak", "card.status.changed");
        secret = endpoint.get("secret");
        List<Ingested> events = new ArrayList<>();

        // 1. the receiver up: delivered at once
        for (int i = 0; i < before; i++) {
            events.add(ingestOne(issuer, events.size() + 1));
        }
        awaitReceived(events, Instant.now().plusSeconds(60));
        log("%d event(s) delivered with the receiver up; receiver on port %d goes down for %s", before, port,
                downtime);

        // 2. down: the port refuses connections; an event every `every`, the last one just before it comes back
        up.close();
        Instant downAt = Instant.now();
        Instant upDue = downAt.plus(downtime);
        int probes = 0;
        int answered = 0;
        Instant nextIngest = downAt;
        Instant lastIngest = upDue.minusSeconds(2);
        boolean lastDone = false;
        Instant nextProbe = downAt;
        while (Instant.now().isBefore(upDue)) {
            Instant now = Instant.now();
            if (!now.isBefore(nextIngest) && nextIngest.isBefore(lastIngest)) {
                events.add(ingestOne(issuer, events.size() + 1));
                nextIngest = nextIngest.plus(every);
            } else if (!lastDone && !now.isBefore(lastIngest)) {
                // one waiting for its 5 s retry when the receiver comes back
                events.add(ingestOne(issuer, events.size() + 1));
                lastDone = true;
            }
            if (!now.isBefore(nextProbe)) {
                probes++;
                if (!refused(port)) {
                    answered++;
                }
                nextProbe = now.plusSeconds(5);
            }
            Thread.sleep(200);
        }
        int ingestedWhileDown = events.size() - before;
        assertEquals(0, answered, "the receiver's port accepted a connection during the downtime");

        // 3. back on the same port
        Partner again = startAgain(port);
        Instant upAt = Instant.now();
        log("receiver back on port %d after %s; %d event(s) ingested while it was down; %d probe(s) all refused",
                port, Duration.between(downAt, upAt), ingestedWhileDown, probes);
        try {
            awaitReceived(events, upAt.plus(wait));
            awaitAllDelivered(events, Instant.now().plusSeconds(60));
        } finally {
            again.close();
        }

        // every request: signed (verified when it arrived, by a verifier sharing no code with the signer), one of
        // ours, and repeats of one event identical
        Map<String, Ingested> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.id().toString(), e));
        Map<String, List<Received>> requestsById = new TreeMap<>();
        for (Received r : received) {
            assertTrue(r.verified(), "signature of " + r.webhookId() + ": " + r.error());
            Ingested event = byId.get(r.webhookId());
            assertNotNull(event, "unknown webhook-id " + r.webhookId());
            JsonNode body = json.readTree(r.body());
            assertEquals("card.status.changed", body.get("type").asText());
            assertEquals(event.cardId(), body.get("data").get("cardId").asText());
            assertEquals(event.sequence(), body.get("data").get("sequence").asLong());
            requestsById.computeIfAbsent(r.webhookId(), k -> new ArrayList<>()).add(r);
        }
        int repeats = 0;
        for (List<Received> copies : requestsById.values()) {
            for (Received copy : copies) {
                assertEquals(copies.get(0).webhookId(), copy.webhookId());
                assertTrue(Arrays.equals(copies.get(0).body(), copy.body()), "repeat with another body");
            }
            repeats += copies.size() - 1;
        }
        assertEquals(events.size(), requestsById.size(), "every event received");

        // nothing left in the service: one delivery per event, each DELIVERED
        String ids = String.join("','", byId.keySet());
        assertEquals(events.size(), TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id IN ('"
                + ids + "') AND status = 'DELIVERED'"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id IN ('" + ids
                + "') AND status <> 'DELIVERED'"));

        // the attempts log: the failures of the downtime (no answer: connection refused), then one 2xx; and the
        // gaps between attempts are the schedule's (minus the jitter, plus the once-a-second poll)
        Map<Integer, Integer> attemptsHistogram = new TreeMap<>();
        int failedAttempts = 0;
        Map<String, Integer> errors = new TreeMap<>();
        Duration maxDelay = Duration.ZERO;
        Instant firstAfter = null;
        Instant lastAfter = null;
        List<String> rows = new ArrayList<>();
        for (Ingested event : events) {
            List<Map<String, Object>> attempts = partner(issuer).get("/webhooks/events/" + event.id() + "/attempts")
                    .then().statusCode(200).extract().path("data");
            assertTrue(!attempts.isEmpty(), "attempts of " + event.id());
            Map<String, Object> last = attempts.get(attempts.size() - 1);
            Integer lastStatus = (Integer) last.get("statusCode");
            assertTrue(lastStatus != null && lastStatus >= 200 && lastStatus < 300, "last attempt " + last);
            assertEquals(endpoint.get("id"), last.get("endpointId"));
            Instant previous = null;
            List<String> gaps = new ArrayList<>();
            for (int i = 0; i < attempts.size(); i++) {
                Map<String, Object> attempt = attempts.get(i);
                Instant at = Instant.parse((String) attempt.get("attemptedAt"));
                if (i < attempts.size() - 1) {
                    // a failure: no HTTP answer at all, inside the downtime
                    assertNull(attempt.get("statusCode"), "a failed attempt got an answer: " + attempt);
                    assertNotNull(attempt.get("error"));
                    errors.merge((String) attempt.get("error"), 1, Integer::sum);
                    assertTrue(!at.isBefore(downAt.minusSeconds(1)) && !at.isAfter(upAt.plusSeconds(1)),
                            "failed attempt outside the downtime: " + attempt);
                    failedAttempts++;
                }
                if (previous != null) {
                    Duration gap = Duration.between(previous, at);
                    Duration scheduled = schedule.get(Math.min(i, schedule.size() - 1));
                    assertTrue(gap.toMillis() >= scheduled.toMillis() * (1 - jitter) - 1_000,
                            "attempt " + (i + 1) + " of " + event.id() + " only " + gap + " after the previous one");
                    assertTrue(gap.toMillis() <= scheduled.toMillis() * (1 + jitter) + 30_000,
                            "attempt " + (i + 1) + " of " + event.id() + " " + gap + " after the previous one");
                    gaps.add(seconds(gap));
                }
                previous = at;
            }
            boolean ingestedDown = event.at().isAfter(downAt);
            if (ingestedDown) {
                assertTrue(attempts.size() >= 2, "an event of the downtime failed first: " + attempts);
            } else {
                assertEquals(1, attempts.size(), "an event before the downtime delivered at once: " + attempts);
            }
            assertEquals(attempts.size(), TestDatabase.count("SELECT attempts FROM notify.deliveries WHERE event_id = '"
                    + event.id() + "'"));
            attemptsHistogram.merge(attempts.size(), 1, Integer::sum);

            Instant delivered = requestsById.get(event.id().toString()).get(0).at();
            Duration delay = Duration.between(event.at(), delivered);
            if (delay.compareTo(maxDelay) > 0) {
                maxDelay = delay;
            }
            if (ingestedDown) {
                firstAfter = firstAfter == null || delivered.isBefore(firstAfter) ? delivered : firstAfter;
                lastAfter = lastAfter == null || delivered.isAfter(lastAfter) ? delivered : lastAfter;
            }
            rows.add(String.format("  %3d  %9s  %8d  %12s  %9s  %s", event.sequence(),
                    seconds(Duration.between(downAt, event.at())), attempts.size(),
                    ingestedDown ? seconds(Duration.between(upAt, delivered)) : "-", seconds(delay),
                    String.join(" ", gaps)));
        }

        StringBuilder summary = new StringBuilder();
        summary.append("\n==== receiver-down soak: summary ====\n");
        summary.append(String.format("schedule %s (jitter %.0f%%), dispatch every %s, timeout %s%n",
                PRODUCTION_SCHEDULE, jitter * 100, config.dispatch().every(), config.dispatch().timeout()));
        summary.append(String.format("downtime %s (asked %s), port %d refused %d/%d probes%n",
                Duration.between(downAt, upAt), downtime, port, probes - answered, probes));
        summary.append(String.format("events %d: %d before the downtime, %d during it (one per %s, the last 2 s "
                + "before the recovery)%n", events.size(), before, ingestedWhileDown, every));
        summary.append(String.format("requests received %d (repeats %d), all verified; failed attempts %d, all "
                + "during the downtime without an answer%n", received.size(), repeats, failedAttempts));
        summary.append(String.format("failed attempts' errors (error=count): %s%n", errors));
        summary.append(String.format("attempts per event (attempts=events): %s%n", attemptsHistogram));
        summary.append(String.format("after the recovery: first delivery %s, last delivery %s%n",
                firstAfter == null ? "-" : "+" + seconds(Duration.between(upAt, firstAfter)),
                lastAfter == null ? "-" : "+" + seconds(Duration.between(upAt, lastAfter))));
        summary.append(String.format("max delay ingest -> delivery %s; every event DELIVERED, nothing pending%n",
                seconds(maxDelay)));
        summary.append("  seq  ingested@  attempts  delivered@up  delay      gaps between attempts\n");
        rows.forEach(r -> summary.append(r).append('\n'));
        summary.append("(ingested@ is relative to the receiver going down, delivered@up to its coming back)\n");
        System.out.println(summary);
    }

    private Ingested ingestOne(String issuer, long sequence) {
        UUID id = UUID.randomUUID();
        String cardId = "CARD-SOAK-" + sequence;
        Instant sent = Instant.now();
        ingest(cardStatus(id, issuer, cardId, sequence)).then().statusCode(202).body("accepted", equalTo(1));
        return new Ingested(id, sequence, cardId, sent);
    }

    /** Waits until every event was received (acknowledged) at least once; progress once a minute. */
    private void awaitReceived(List<Ingested> events, Instant deadline) throws InterruptedException {
        Instant nextLog = Instant.now().plusSeconds(60);
        while (true) {
            long missing = events.stream().filter(e -> received.stream()
                    .noneMatch(r -> e.id().toString().equals(r.webhookId()))).count();
            if (missing == 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail(missing + " of " + events.size() + " event(s) never delivered");
            }
            if (Instant.now().isAfter(nextLog)) {
                log("%d of %d event(s) delivered, waiting", events.size() - missing, events.size());
                nextLog = nextLog.plusSeconds(60);
            }
            Thread.sleep(500);
        }
    }

    /** The service records the outcome after the answer: waits until it did. */
    private void awaitAllDelivered(List<Ingested> events, Instant deadline) throws InterruptedException {
        String ids = String.join("','", events.stream().map(e -> e.id().toString()).toList());
        while (TestDatabase.count("SELECT count(*) FROM notify.deliveries WHERE event_id IN ('" + ids
                + "') AND status = 'DELIVERED'") < events.size()) {
            if (Instant.now().isAfter(deadline)) {
                fail("deliveries not all recorded DELIVERED");
            }
            Thread.sleep(200);
        }
    }

    /** Nothing listens on the port: a connection attempt is refused. */
    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Partner startAgain(int port) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                return new Partner(port);
            } catch (BindException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean verified = false;
        String error = null;
        try {
            // Svix's verifier, as a partner would call it on arrival (it checks the timestamp against its clock)
            Map<String, List<String>> headers = new HashMap<>();
            headers.put("webhook-id", List.of(String.valueOf(id)));
            headers.put("webhook-timestamp", List.of(String.valueOf(timestamp)));
            headers.put("webhook-signature", List.of(String.valueOf(signature)));
            new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), headers);
            verified = true;
        } catch (Exception e) {
            error = e.toString();
        }
        received.add(new Received(at, id, timestamp, body, verified, error));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }

    private static void log(String format, Object... args) {
        System.out.println("[soak " + Instant.now() + "] " + String.format(format, args));
    }

    /** The partner's server: the JDK's, on one port; closing it frees the port (connections refused). */
    private final class Partner implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);

        Partner(int port) throws IOException {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException e) {
                executor.shutdownNow();
                throw e;
            }
            server.setExecutor(executor);
            server.createContext("/", ReceiverDownSoakTest.this::receive);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
