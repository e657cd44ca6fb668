package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of every service behind the front door ({@code LOCAL_REPLICAS=2}), under a steady mixed load through
 * the front door (Triple publishers written and read, Blackhawk activation batches, D1 consumers registered with a
 * card and deleted with their cascade into card-service, tokens, webhook endpoints read; every publisher's
 * {@code publisher.created} event delivered to a partner's webhook endpoint):
 * <ol>
 * <li>a rolling restart, one replica of each service at a time (SIGTERM, exit, start, ready, back in rotation):
 * zero failed requests;</li>
 * <li>one replica of each service SIGKILLed mid-run: the only failed requests are 502s of requests in flight at the
 * kill; every acknowledged write is in PostgreSQL exactly once, every deletion's cascade completed exactly once, every
 * acknowledged publisher's event recorded once and delivered (a repetition with the same webhook-id and body).</li>
 * </ol>
 * Its own stack (other ports, {@code target/replicas-it}); it runs after every other IT class and stops the shared
 * stack first, so that the machine's cores serve the twelve services.
 */
@Order(6) // after LogHygieneIT: the shared stack is no longer needed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final Path ROOT = IngressRoutingTest.ROOT;
    /**
     * The notification retry schedule and delivery lease compressed to seconds (a killed replica's claims expire), and
     * partner-guard's per-client rate limits off: the load is one client per API at a few hundred requests a second,
     * above its quota of 100 a second (which IdempotencyIT covers), and what is measured here is the replicas.
     */
    static final String TEST_OPTIONS = "-Dplatform.notify.retry.schedule=PT0S,PT1S,PT2S,PT3S "
            + "-Dplatform.notify.dispatch.lease=PT15S -Dplatform.guard.rate-limit.enabled=false";

    static LocalStack stack;
    static HttpClient http;
    static PartnerReceiver receiver;
    static ExecutorService pool = Executors.newCachedThreadPool();
    static final Map<String, String> tokens = new ConcurrentHashMap<>();
    static final List<String> rotation = new CopyOnWriteArrayList<>();
    static String endpointPath;

    @BeforeAll
    static void start() throws Exception {
        SharedStack.shutdown();
        Path data = ROOT.resolve("deploy/local/target/replicas-it");
        SharedStack.deleteTree(data);
        int step = 100;
        int base = freeBlock(step, 2);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_DATA_DIR", data.toString());
        env.put("LOCAL_REPLICAS", "2");
        env.put("LOCAL_REPLICA_PORT_STEP", String.valueOf(step));
        env.put("LOCAL_FRONT_DOOR_PORT", String.valueOf(base + 6));
        env.put("LOCAL_POSTGRES_PORT", String.valueOf(base + 7));
        int i = 0;
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            env.put(StackSettings.portVariable(service), String.valueOf(base + i++));
        }
        env.put("LOCAL_READY_TIMEOUT", "300");
        env.put("LOCAL_RATE_LIMITS", "off");
        env.put("LOCAL_JAVA_OPTS", System.getProperty("local.it.java-opts",
                "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1") + " " + TEST_OPTIONS);
        if (!"false".equals(System.getProperty("local.it.snapshot"))) {
            env.put("LOCAL_SERVICES_DIR", SharedStack.snapshotServices(ROOT.resolve("deploy/local/target/it-services")).toString());
        }
        StackSettings settings = StackSettings.from(ROOT, env::get);
        long started = System.nanoTime();
        stack = LocalStack.start(settings, System.out);
        System.out.printf("replicas stack (2 of each service) started in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            stack.pool(service).onChange(line -> rotation.add(Instant.now() + " " + line));
        }
        http = SharedStack.client(stack.secrets().certificate());
        receiver = new PartnerReceiver();
        // the partner's webhook endpoint for the events of its publishers
        endpointPath = "/replicas-" + RUN;
        Api.Response endpoint = call("POST", "/webhooks/endpoints", token("local-triple"), Map.of("url",
                receiver.url(endpointPath), "eventTypes", List.of("publisher.created"), "description", "ReplicasIT"));
        assertEquals(201, endpoint.status(), endpoint.toString());
        // a consumer with a card whose list the load reads
        String d1 = token("local-d1-issuer");
        assertEquals(201, call("POST", "/issuers/" + ISSUER + "/consumers", d1, Map.of("consumerId", "rep-reader-" + RUN,
                "accounts", List.of(Map.of("accountId", "RR-" + RUN)))).status());
        assertEquals(201, call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", "RR-" + RUN + "-C",
                "consumerId", "rep-reader-" + RUN, "accountId", "RR-" + RUN, "productType", "DEBIT")).status());
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
        pool.shutdownNow();
    }

    // ---- 1. rolling restart ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aRollingRestartOfEveryServiceUnderLoadFailsNoRequest() throws Exception {
        Load load = new Load("roll");
        load.start(6);
        load.awaitEveryOperation(Duration.ofSeconds(60));
        Map<String, Long> outAfter = new TreeMap<>();
        long began = System.nanoTime();
        for (int replica = 1; replica <= 2; replica++) {
            int r = replica;
            Instant sigterm = Instant.now();
            List<Future<?>> restarts = new ArrayList<>();
            // replica r of every service at once; never two replicas of one service
            for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
                restarts.add(pool.submit(() -> {
                    stack.restartReplica(service, r);
                    return null;
                }));
            }
            for (Future<?> f : restarts) {
                f.get(300, TimeUnit.SECONDS);
            }
            for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
                String prefix = service + " replica " + r + " ";
                rotation.stream().filter(l -> l.contains(prefix + "(port") && l.contains("out of rotation"))
                        .map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
                        .filter(t -> !t.isBefore(sigterm)).findFirst()
                        .ifPresent(t -> outAfter.put(service + " " + r, Duration.between(sigterm, t).toMillis()));
            }
        }
        long restartSeconds = (System.nanoTime() - began) / 1_000_000_000;
        load.runFor(Duration.ofSeconds(3));
        load.stop();
        System.out.println("rolling restart: 12 replicas restarted in " + restartSeconds + " s under load; " + load.summary()
                + "; SIGTERM -> out of the front door's rotation (ms): " + outAfter);
        List<Load.Call> failed = load.failed();
        assertEquals(List.of(), failed.stream().map(Load.Call::toString).toList(), "no request failed during the rolling restart");
        assertEquals(12, outAfter.size(), "every replica left the rotation on SIGTERM: " + outAfter + "\n" + rotation);
        for (Map.Entry<String, Long> e : outAfter.entrySet()) {
            assertTrue(e.getValue() < LocalStack.SHUTDOWN_DELAY.toMillis(), "out of rotation within the shutdown delay: " + e);
        }
        load.verifyWrites(false);
    }

    // ---- 2. SIGKILL of one replica of each service ------------------------------------------------------------------

    @Test
    @Order(2)
    void oneReplicaOfEachServiceKilledMidRunLosesAndDuplicatesNothing() throws Exception {
        Load load = new Load("kill");
        load.start(6);
        load.awaitEveryOperation(Duration.ofSeconds(60));
        load.runFor(Duration.ofSeconds(3));
        Map<String, long[]> killed = new ConcurrentHashMap<>();
        List<Future<?>> kills = new ArrayList<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            kills.add(pool.submit(() -> {
                long from = System.nanoTime();
                stack.killReplica(service, 1);
                killed.put(service, new long[] {from, System.nanoTime()});
                return null;
            }));
        }
        for (Future<?> f : kills) {
            f.get(60, TimeUnit.SECONDS);
        }
        long killFrom = killed.values().stream().mapToLong(k -> k[0]).min().orElseThrow();
        long killTo = killed.values().stream().mapToLong(k -> k[1]).max().orElseThrow();
        int afterKill = load.size();
        load.runFor(Duration.ofSeconds(8));
        load.stop();

        // failures: only requests in flight while the replicas were killed, each a 502 of the front door
        List<Load.Call> failed = load.failed();
        List<Load.Call> inFlight = failed.stream().filter(c -> c.start() <= killTo && c.end() >= killFrom).toList();
        List<Load.Call> others = failed.stream().filter(c -> !inFlight.contains(c)).toList();
        Map<String, Long> byOp = inFlight.stream().collect(Collectors.groupingBy(Load.Call::op, TreeMap::new, Collectors.counting()));
        long cleanAfter = load.calls().stream().filter(c -> c.start() > killTo).count();
        System.out.println("SIGKILL of replica 1 of every service: " + load.summary() + "; failed while in flight at the kill: "
                + inFlight.size() + " " + byOp + "; requests after the kill: " + cleanAfter + ", failed: " + others.size()
                + "; kill took " + (killTo - killFrom) / 1_000_000 + " ms");
        assertEquals(List.of(), others.stream().map(Load.Call::toString).toList(),
                "no request failed but those in flight on the killed replicas");
        for (Load.Call c : inFlight) {
            assertTrue(c.status() == 502 && c.body().contains("bad_gateway") || c.status() == -1,
                    "a request in flight at the kill ends in the front door's 502: " + c);
        }
        assertTrue(cleanAfter > 20, "the run went on after the kill: " + cleanAfter + " requests");
        assertTrue(load.size() > afterKill, "requests after the kill");
        load.verifyWrites(true);
    }

    // ---- the load ---------------------------------------------------------------------------------------------------

    /** Six kinds of workers over every API, each call recorded with its timing and outcome. */
    static final class Load {

        record Call(String op, String key, long start, long end, int status, String body) {
            @Override
            public String toString() {
                return op + " " + key + " -> " + status + " " + (body.length() > 200 ? body.substring(0, 200) : body)
                        + " (" + (end - start) / 1_000_000 + " ms)";
            }
        }

        static final Map<String, Integer> EXPECTED = Map.ofEntries(Map.entry("publisher", 201),
                Map.entry("publisher-read", 200), Map.entry("activation", 200), Map.entry("consumer", 201),
                Map.entry("card", 201), Map.entry("delete", 200), Map.entry("operation-read", 200),
                Map.entry("token", 200), Map.entry("endpoints-read", 200), Map.entry("cards-read", 200));

        final String name;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger counter = new AtomicInteger();
        final List<Future<?>> workers = new ArrayList<>();
        final Map<String, String> publishers = new ConcurrentHashMap<>();     // external id -> id (201)
        final Set<Long> batches = ConcurrentHashMap.newKeySet();              // first quote of each 200 batch
        final Set<Long> unknownBatches = ConcurrentHashMap.newKeySet();
        final Map<String, String> deletions = new ConcurrentHashMap<>();      // consumer -> operation id (200)
        final Map<String, Boolean> withCard = new ConcurrentHashMap<>();      // consumer -> card acknowledged
        final long quoteBase = 930_000_000L + (System.currentTimeMillis() % 1000) * 100_000L;

        Load(String name) {
            this.name = name;
        }

        void start(int threads) {
            List<Runnable> kinds = List.of(this::publishers, this::activations, this::consumers, this::reads,
                    this::publishers, this::consumers);
            for (int t = 0; t < threads; t++) {
                Runnable kind = kinds.get(t % kinds.size());
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        kind.run();
                    }
                    return null;
                }));
            }
        }

        void publishers() {
            String external = "rep-" + name + "-" + RUN + "-" + counter.incrementAndGet();
            Call created = call("publisher", external, "POST", "/partner/publishers", token("local-triple"),
                    Map.of("external_id", external, "name", "replicas"));
            if (created.status() == 201) {
                String id = json(created).path("id").asText();
                publishers.put(external, id);
                call("publisher-read", id, "GET", "/partner/publishers/" + id, token("local-triple"), null);
            }
        }

        void activations() {
            long first = quoteBase + counter.incrementAndGet() * 100L;
            Call batch = call("activation", String.valueOf(first), "POST", "/cards/v1/set-activation-codes",
                    token("local-blackhawk"), FaultsIT.activationBatch(first, 5));
            (batch.status() == 200 ? batches : unknownBatches).add(first);
        }

        void consumers() {
            String d1 = token("local-d1-issuer");
            int n = counter.incrementAndGet();
            String consumer = "rep-" + name + "-" + RUN + "-" + n;
            String account = "RA-" + name + "-" + RUN + "-" + n;
            if (call("consumer", consumer, "POST", "/issuers/" + ISSUER + "/consumers", d1, Map.of("consumerId", consumer,
                    "accounts", List.of(Map.of("accountId", account)))).status() != 201) {
                return;
            }
            Call card = call("card", consumer, "POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", account + "-C",
                    "consumerId", consumer, "accountId", account, "productType", "DEBIT"));
            if (card.status() != 201) {
                return;
            }
            withCard.put(consumer, true);
            Call delete = call("delete", consumer, "POST", "/issuers/" + ISSUER + "/consumers/" + consumer
                    + "/operations:delete", d1, Map.of("reason", "replicas test", "reasonCode", "ISSUER_DECISION"));
            if (delete.status() == 200) {
                String operation = json(delete).path("operationId").asText();
                deletions.put(consumer, operation);
                call("operation-read", consumer, "GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations/"
                        + operation, d1, null);
            }
        }

        void reads() {
            LocalSecrets.Client triple = stack.secrets().client("local-triple");
            String basic = Base64.getEncoder().encodeToString((triple.clientId() + ":" + triple.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
            call("token", "local-triple", "POST", "/oauth2/token", null, "grant_type=client_credentials",
                    "Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded");
            call("endpoints-read", "", "GET", "/webhooks/endpoints", token("local-triple"), null);
            call("cards-read", "", "GET", "/issuers/" + ISSUER + "/consumers/rep-reader-" + RUN + "/cards",
                    token("local-d1-issuer"), null);
        }

        Call call(String op, String key, String method, String path, String token, Object body, String... headers) {
            long start = System.nanoTime();
            Call call;
            try {
                Api.Response r = Api.send(http, Duration.ofSeconds(30), stack.baseUrl() + path, method, token, body, headers);
                call = new Call(op, key, start, System.nanoTime(), r.status(), r.body());
            } catch (RuntimeException e) {
                call = new Call(op, key, start, System.nanoTime(), -1, String.valueOf(e.getCause() == null ? e : e.getCause()));
            }
            calls.add(call);
            return call;
        }

        void awaitEveryOperation(Duration within) {
            await(within, "every kind of request answered as expected once", () -> EXPECTED.keySet().stream()
                    .allMatch(op -> calls.stream().anyMatch(c -> c.op().equals(op) && c.status() == EXPECTED.get(op))));
        }

        void runFor(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }

        void stop() throws Exception {
            stop.set(true);
            for (Future<?> f : workers) {
                f.get(120, TimeUnit.SECONDS);
            }
        }

        int size() {
            return calls.size();
        }

        List<Call> calls() {
            return List.copyOf(calls);
        }

        List<Call> failed() {
            return calls.stream().filter(c -> c.status() != EXPECTED.get(c.op())).toList();
        }

        String summary() {
            Map<String, Long> perOp = calls.stream().collect(Collectors.groupingBy(Call::op, TreeMap::new, Collectors.counting()));
            return calls.size() + " requests " + perOp + ", " + failed().size() + " failed";
        }

        /**
         * From PostgreSQL and the APIs: every acknowledged write once, every acknowledged deletion's cascade completed
         * once, every acknowledged publisher's event recorded once and delivered (repetitions with the same id and body).
         */
        void verifyWrites(boolean afterKill) throws Exception {
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres")) {
                for (Map.Entry<String, String> p : publishers.entrySet()) {
                    assertEquals(1, count(db, "select count(*) from rewards.publishers where external_id = ?", p.getKey()),
                            "acknowledged publisher " + p.getKey() + " once");
                }
                for (long first : batches) {
                    assertEquals(5, count(db, "select count(*) from activation.activation_codes where issuer_id = ? and "
                            + "quote_number::bigint between ? and ?", ISSUER, first, first + 99), "acknowledged batch " + first);
                }
                for (long first : unknownBatches) {
                    long rows = count(db, "select count(*) from activation.activation_codes where issuer_id = ? and "
                            + "quote_number::bigint between ? and ?", ISSUER, first, first + 99);
                    assertTrue(rows == 0 || rows == 5, "an unacknowledged batch is whole or absent: " + first + " " + rows);
                }
                for (String consumer : withCard.keySet()) {
                    assertEquals(1, count(db, "select count(*) from consumer.consumers where issuer_id = ? and consumer_id = ?",
                            ISSUER, consumer), consumer);
                    assertEquals(1, count(db, "select count(*) from card.cards where issuer_id = ? and consumer_id = ?",
                            ISSUER, consumer), consumer + "'s card once");
                }
                // every acknowledged deletion: its operation SUCCESSFUL with one cascade's counts, its card deleted once
                String d1 = token("local-d1-issuer");
                await(Duration.ofSeconds(120), deletions.size() + " deletions SUCCESSFUL", () -> deletions.entrySet().stream()
                        .allMatch(d -> "SUCCESSFUL".equals(operation(d1, d.getKey(), d.getValue()).path("status").asText())));
                for (Map.Entry<String, String> d : deletions.entrySet()) {
                    JsonNode op = operation(d1, d.getKey(), d.getValue());
                    assertEquals(1, op.path("details").path("deletedCards").asInt(), "one cascade's count: " + op);
                    assertEquals(1, count(db, "select count(*) from consumer.operations where issuer_id = ? and "
                            + "consumer_id = ? and operation = 'DELETE'", ISSUER, d.getKey()), "one DELETE operation");
                    assertEquals(1, count(db, "select count(*) from consumer.cascade_outbox where consumer_id = ? "
                            + "and outcome = 'SUCCESSFUL'", d.getKey()), "one cascade, completed: " + d.getKey());
                    assertEquals(1, count(db, "select count(*) from consumer.cascade_outbox where consumer_id = ?",
                            d.getKey()), "one cascade row: " + d.getKey());
                    assertEquals(1, count(db, "select count(*) from card.card_status_history h join card.cards c on "
                            + "c.issuer_id = h.issuer_id and c.card_id = h.card_id where c.issuer_id = ? and c.consumer_id = ? "
                            + "and h.to_status = 'DELETED'", ISSUER, d.getKey()), d.getKey() + "'s card deleted once");
                }
                // every acknowledged publisher's event: recorded once by notification-service, delivered, same id on repeats
                await(Duration.ofSeconds(120), publishers.size() + " publisher.created events delivered", () -> {
                    Set<String> delivered = receiver.received(r -> r.path().equals(endpointPath) && r.answered() / 100 == 2)
                            .stream().map(r -> r.json().path("data").path("external_id").asText()).collect(Collectors.toSet());
                    return delivered.containsAll(publishers.keySet());
                });
                Map<String, Set<String>> idsPerPublisher = new TreeMap<>();
                Map<String, String> bodyPerId = new TreeMap<>();
                for (PartnerReceiver.Received r : receiver.received(x -> x.path().equals(endpointPath))) {
                    String external = r.json().path("data").path("external_id").asText();
                    idsPerPublisher.computeIfAbsent(external, k -> ConcurrentHashMap.newKeySet()).add(r.header("webhook-id"));
                    String previous = bodyPerId.putIfAbsent(r.header("webhook-id"), r.body());
                    assertTrue(previous == null || previous.equals(r.body()), "a repetition is the same event: " + r.body());
                }
                for (String external : publishers.keySet()) {
                    assertEquals(1, idsPerPublisher.get(external).size(), "one event per publisher: " + external);
                    assertEquals(1, count(db, "select count(*) from notify.events where type = 'publisher.created' "
                            + "and data->>'external_id' = ?", external), "event of " + external + " recorded once");
                }
                int repeated = (int) receiver.received(x -> x.path().equals(endpointPath)).stream()
                        .filter(r -> r.json().path("data").path("external_id").asText().startsWith("rep-" + name)).count()
                        - publishers.size();
                System.out.println(name + ": verified " + publishers.size() + " publishers (their events delivered, "
                        + "deliveries beyond one per event: " + repeated + "), " + batches.size() + " activation batches, "
                        + withCard.size() + " consumers with a card, " + deletions.size() + " deletions and their cascades"
                        + (afterKill ? "; unacknowledged batches whole or absent: " + unknownBatches.size() : ""));
            }
        }

        static JsonNode operation(String token, String consumer, String operation) {
            Api.Response r = Api.send(http, Duration.ofSeconds(30), stack.baseUrl() + "/issuers/" + ISSUER + "/consumers/"
                    + consumer + "/operations/" + operation, "GET", token, null);
            assertEquals(200, r.status(), r.toString());
            return r.json();
        }

        static JsonNode json(Call call) {
            try {
                return SharedStack.JSON.readTree(call.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static Api.Response call(String method, String path, String token, Object body) {
        return Api.send(http, Duration.ofSeconds(60), stack.baseUrl() + path, method, token, body);
    }

    /** A token from the token endpoint through the front door, kept for the class (they live 15 minutes). */
    static String token(String clientId) {
        return tokens.computeIfAbsent(clientId, id -> {
            LocalSecrets.Client client = stack.secrets().client(id);
            String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
            Api.Response r = Api.send(http, Duration.ofSeconds(30), stack.baseUrl() + "/oauth2/token", "POST", null,
                    "grant_type=client_credentials", "Authorization", "Basic " + basic,
                    "Content-Type", "application/x-www-form-urlencoded");
            assertEquals(200, r.status(), r.toString());
            return r.json().path("access_token").asText();
        });
    }

    static long count(Connection db, String sql, Object... args) throws SQLException {
        try (var statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void await(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + within.toSeconds() + " s for " + what + "\nrotation changes:\n" + String.join("\n", rotation));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A base port b under the ephemeral range with b..b+7 free (six Service addresses, front door, PostgreSQL) and
     * b+r*step..b+r*step+5 free for each replica r.
     */
    static int freeBlock(int step, int replicas) {
        for (int base = 21000 + (int) (ProcessHandle.current().pid() % 50) * 10; base < 31000; base += 500) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ports.add(base + i);
            }
            for (int r = 1; r <= replicas; r++) {
                for (int i = 0; i < 6; i++) {
                    ports.add(base + r * step + i);
                }
            }
            if (ports.stream().allMatch(ReplicasIT::free)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of ports for the replicas stack");
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
