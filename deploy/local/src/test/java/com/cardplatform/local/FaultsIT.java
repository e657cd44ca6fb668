package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.local.Endpoints.Dialect;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on the running platform, each repaired by the test that caused it (only what was stopped is started):
 * <ol>
 *   <li>PostgreSQL stops while requests are inside their transactions (held there by a table lock) and while
 *   activation batches stream in: the requests in flight and every request during the outage answer 503 with
 *   Retry-After in their dialect, fast; no activation batch is ever partly visible; after PostgreSQL returns every
 *   service serves again without being restarted (same process ids).</li>
 *   <li>card-service stops during consumer deletions: every delete operation completes after it returns, the cards
 *   are DELETED exactly once (one history row each) and the operation counts are those of one cascade.</li>
 *   <li>rewards-account-service and activation-service are SIGKILLed during a burst of writes and restarted: every
 *   write they acknowledged (2xx) is there, every activation batch whole or absent.</li>
 * </ol>
 */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    /** How long a request may take to fail while the database is down ("fail fast"). */
    static final long FAIL_FAST_MILLIS = 10_000;

    static SharedStack shared;
    static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        shared = SharedStack.get();
        pool = Executors.newFixedThreadPool(12);
    }

    @AfterAll
    static void repairAnything() {
        pool.shutdownNow();
        // a failed assertion must not leave the shared stack broken for the classes after this one
        if (!shared.stack().databaseRunning()) {
            shared.stack().startDatabase();
        }
        rollbackPrepared();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            if (!shared.stack().service(service).isAlive()) {
                shared.stack().startService(service);
            }
        }
    }

    // ---- (a) the database stops and returns --------------------------------------------------------------------

    @Test
    @Order(1)
    void theDatabaseStopsMidRequestAndMidBatchThenReturns() throws Exception {
        Map<String, Long> pids = pids();
        // tokens first: the token endpoint needs the database too
        String d1 = shared.token("local-d1-issuer");
        String blackhawk = shared.token("local-blackhawk");
        String triple = shared.token("local-triple");
        String citi = shared.token("local-citi");

        // 0. Every API once, so that each service has verified a token and prepared its statements
        for (Callable<Api.Response> warm : List.<Callable<Api.Response>>of(
                () -> Api.call("POST", "/cards/v1/verify-activation-code", blackhawk,
                        Map.of("quoteNumber", "1", "proxyNumber", "1", "activationCode", "Abcd1234")),
                () -> Api.call("GET", "/issuers/" + ISSUER + "/consumers/fault-warm/operations", d1, null),
                () -> Api.call("POST", "/partner/card-account.by-ids", triple, Map.of("card_account_external_id", "fault-warm")),
                () -> Api.call("GET", "/issuers/" + ISSUER + "/cards/FAULT-WARM", d1, null))) {
            assertTrue(warm.call().status() < 500, "warm-up");
        }

        // 1. Requests held INSIDE their transactions by table locks, then the database goes away under them. The locks
        // belong to a PREPARED transaction, which outlives the shutdown: a lock held by a session would be released
        // when PostgreSQL terminates that session, and a fast shutdown terminates the newest sessions first (the
        // locker's), so a held request whose session was not terminated yet could take the lock and commit; under
        // load it did (issue 17: the held registration or publisher was there after the restart).
        long base = 800_000_000L + (System.currentTimeMillis() % 1000) * 100_000L;
        List<Map<String, String>> heldBatch = activationBatch(base, 1000);
        Map<String, Future<Api.Response>> held = new LinkedHashMap<>();
        String lockHolder = "faults-it-" + RUN;
        try (Connection locker = shared.jdbc(); Statement s = locker.createStatement()) {
            s.execute("BEGIN; LOCK TABLE activation.activation_codes, consumer.consumers, rewards.publishers, card.cards "
                    + "IN EXCLUSIVE MODE; PREPARE TRANSACTION '" + lockHolder + "'");
            held.put("activation batch", pool.submit(() -> Api.call("POST", "/cards/v1/set-activation-codes", blackhawk, heldBatch)));
            held.put("consumer registration", pool.submit(() -> Api.call("POST", "/issuers/" + ISSUER + "/consumers", d1,
                    Map.of("consumerId", "fault-held-" + RUN, "accounts", List.of(Map.of("accountId", "FH1-" + RUN),
                            Map.of("accountId", "FH2-" + RUN))))));
            held.put("publisher creation", pool.submit(() -> Api.call("POST", "/partner/publishers", triple,
                    Map.of("external_id", "fault-held-" + RUN, "name", "held"))));
            held.put("card provisioning", pool.submit(() -> Api.call("POST", "/issuers/" + ISSUER + "/cards", d1,
                    Map.of("cardId", "FAULT-HELD-" + RUN, "consumerId", "fault-held-" + RUN, "accountId", "FH1-" + RUN,
                            "productType", "DEBIT"))));
            awaitLockWaiters(locker, held, Map.of("activation batch", "activation-service",
                    "consumer registration", "consumer-service", "publisher creation", "rewards-account-service",
                    "card provisioning", "card-service"));
        }
        shared.stack().stopDatabase();
        Map<String, Dialect> dialects = Map.of("activation batch", Dialect.BLACKHAWK, "consumer registration", Dialect.D1,
                "publisher creation", Dialect.TRIPLE, "card provisioning", Dialect.D1);
        List<String> problems = new ArrayList<>();
        Map<String, String> heldAnswers = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Api.Response>> h : held.entrySet()) {
            Api.Response r = h.getValue().get(60, TimeUnit.SECONDS);
            heldAnswers.put(h.getKey(), r.status() + " " + r.header("X-Correlation-ID").orElse("?") + " " + r.millis() + " ms");
            collect(problems, () -> assertUnavailable(dialects.get(h.getKey()), r,
                    h.getKey() + " in flight when the database stopped"));
            // it was waiting for a lock, far from its COMMIT: the service knows that nothing was written
            collect(problems, () -> assertFalse(r.header("Write-Outcome").isPresent(),
                    h.getKey() + " stopped before its COMMIT is not an unknown outcome"));
        }

        // 2. While it is down: every API answers 503 + Retry-After in its dialect, fast
        List<Callable<Api.Response>> probes = new ArrayList<>();
        List<Dialect> probeDialects = new ArrayList<>();
        List<String> probeNames = new ArrayList<>();
        probe(probes, probeDialects, probeNames, "token endpoint", Dialect.OAUTH, () -> Api.call("POST", "/oauth2/token", null,
                "grant_type=client_credentials", "Authorization", TokenMatrixIT.basic("local-citi",
                        shared.stack().secrets().client("local-citi").clientSecret()),
                "Content-Type", "application/x-www-form-urlencoded"));
        probe(probes, probeDialects, probeNames, "consumer operations", Dialect.D1, () -> Api.call("GET",
                "/issuers/" + ISSUER + "/consumers/fault-any/operations", d1, null));
        probe(probes, probeDialects, probeNames, "card read", Dialect.D1, () -> Api.call("GET",
                "/issuers/" + ISSUER + "/cards/FAULT-ANY", d1, null));
        probe(probes, probeDialects, probeNames, "Citi status", Dialect.CITI, () -> Api.call("PUT", "/v1/cards/status/detail",
                citi, Map.of("accountId", "FAULT-ANY", "cardStatusCode", "F"), Endpoints.citiHeaders()));
        probe(probes, probeDialects, probeNames, "activation batch", Dialect.BLACKHAWK, () -> Api.call("POST",
                "/cards/v1/set-activation-codes", blackhawk, activationBatch(base + 50_000, 10)));
        probe(probes, probeDialects, probeNames, "Triple lookup", Dialect.TRIPLE, () -> Api.call("POST",
                "/partner/card-account.by-ids", triple, Map.of("card_account_external_id", "fault-any")));
        for (int i = 0; i < probes.size(); i++) {
            Api.Response r = probes.get(i).call();
            String name = probeNames.get(i);
            Dialect dialect = probeDialects.get(i);
            collect(problems, () -> assertUnavailable(dialect, r, name + " while the database is down"));
            collect(problems, () -> assertTrue(r.millis() <= FAIL_FAST_MILLIS, name + " took " + r.millis() + " ms to fail"));
        }
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            Api.Response ready = Api.direct(service, "GET", "/q/health/ready", null, null);
            collect(problems, () -> assertEquals(503, ready.status(), service + " readiness while the database is down: "
                    + ready.body()));
        }

        // 3. It returns (the prepared transaction with it, holding its locks until it is rolled back): every API
        // serves again, no service was restarted
        shared.stack().startDatabase();
        rollbackPrepared();
        for (int i = 0; i < probes.size(); i++) {
            Api.Response r = awaitRecovery(probes.get(i), probeNames.get(i));
            String name = probeNames.get(i);
            collect(problems, () -> assertTrue(r.status() < 500, name + " after the database returned: " + r));
        }
        assertEquals(pids, pids(), "no service was restarted");

        // 4. Nothing the held requests tried to write is there (they were answered 503)
        assertEquals(0, shared.count("select count(*) from activation.activation_codes where issuer_id = ? "
                + "and quote_number::bigint between ? and ?", ISSUER, base, base + 999));
        System.out.println("held requests answered: " + heldAnswers);
        assertEquals(0, shared.count("select count(*) from consumer.consumers where consumer_id = ?", "fault-held-" + RUN),
                "held answers " + heldAnswers + "; problems " + problems);
        assertEquals(0, shared.count("select count(*) from consumer.accounts where consumer_id = ?", "fault-held-" + RUN));
        assertEquals(0, shared.count("select count(*) from rewards.publishers where external_id = ?", "fault-held-" + RUN),
                "held answers " + heldAnswers + "; problems " + problems);
        assertEquals(0, shared.count("select count(*) from card.cards where card_id = ?", "FAULT-HELD-" + RUN));
        assertEquals(List.of(), problems, "while the database was stopped");
    }

    @Test
    @Order(2)
    void noActivationBatchIsEverPartlyVisibleWhileTheDatabaseStopsUnderABurst() throws Exception {
        String blackhawk = shared.token("local-blackhawk");
        int size = 500;
        // 900M..990M: apart from the quote numbers of the first test (800M..900M), whose probes write small batches
        long base = 900_000_000L + (System.currentTimeMillis() % 1000) * 90_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        List<String> partial = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            senders.add(pool.submit(() -> {
                while (!stop.get()) {
                    int batch = next.getAndIncrement();
                    try {
                        Api.Response r = Api.call("POST", "/cards/v1/set-activation-codes", blackhawk,
                                activationBatch(base + batch * 1000L, size));
                        answers.put(batch, r.status());
                        if (r.status() != 200) {
                            collect(problems, () -> assertUnavailable(Dialect.BLACKHAWK, r, "batch " + batch));
                        }
                    } catch (RuntimeException e) {
                        answers.put(batch, -1); // the connection itself failed: not acknowledged
                    }
                }
                return null;
            }));
        }
        // a reader that looks for a partly written batch while they stream in
        Future<?> reader = pool.submit(() -> {
            while (!stop.get()) {
                if (shared.stack().databaseRunning()) {
                    try {
                        for (List<String> row : shared.rows("select quote_number::bigint / 1000, count(*) from "
                                + "activation.activation_codes where issuer_id = ? and quote_number::bigint >= ? "
                                + "and quote_number::bigint < ? "
                                + "group by 1 having count(*) <> ?", ISSUER, base, base + next.get() * 1000L, (long) size)) {
                            int batch = (int) ((Long.parseLong(row.get(0)) * 1000L - base) / 1000L);
                            partial.add("batch " + batch + ": " + row.get(1) + " rows (answered "
                                    + answers.get(batch) + ")");
                        }
                    } catch (RuntimeException e) {
                        // the database is going down under the reader: fine
                    }
                }
                Thread.sleep(20);
            }
            return null;
        });
        awaitThat(Duration.ofSeconds(60), "a batch acknowledged before the outage",
                () -> answers.containsValue(200));
        shared.stack().stopDatabase();
        awaitThat(Duration.ofSeconds(60), "a batch answered during the outage", () -> answers.values().stream()
                .anyMatch(status -> status != 200));
        long acknowledgedBeforeRestart = answers.values().stream().filter(status -> status == 200).count();
        shared.stack().startDatabase();
        awaitThat(Duration.ofSeconds(60), "a batch acknowledged after the restart", () -> answers.values().stream()
                .filter(status -> status == 200).count() > acknowledgedBeforeRestart);
        stop.set(true);
        for (Future<?> f : senders) {
            f.get(120, TimeUnit.SECONDS);
        }
        reader.get(30, TimeUnit.SECONDS);
        awaitRecovery(() -> Api.call("POST", "/cards/v1/verify-activation-code", blackhawk,
                Map.of("quoteNumber", "1", "proxyNumber", "1", "activationCode", "Abcd1234")), "activation");

        assertEquals(List.of(), partial, "a batch was visible in part while the others were written");
        assertEquals(List.of(), problems.stream().distinct().limit(5).toList(), "answers during the outage");
        long acknowledged = answers.values().stream().filter(s -> s == 200).count();
        assertTrue(acknowledged > 0, "some batches went through before the outage: " + answers);
        assertTrue(answers.values().stream().anyMatch(s -> s != 200), "some batches met the outage: " + answers);
        for (Map.Entry<Integer, Integer> a : answers.entrySet()) {
            long lo = base + a.getKey() * 1000L;
            long rows = shared.count("select count(*) from activation.activation_codes where issuer_id = ? "
                    + "and quote_number::bigint between ? and ?", ISSUER, lo, lo + 999);
            if (a.getValue() == 200) {
                assertEquals(size, rows, "acknowledged batch " + a.getKey() + " is whole");
            } else {
                assertTrue(rows == 0 || rows == size, "batch " + a.getKey() + " (answer " + a.getValue()
                        + ") is whole or absent, not " + rows + " rows");
            }
        }
    }

    // ---- (b) card-service stops during consumer deletions -------------------------------------------------------

    @Test
    @Order(3)
    void consumerDeletionsCompleteOnceAfterCardServiceReturns() throws Exception {
        String d1 = shared.token("local-d1-issuer");
        int consumers = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            String consumer = "fault-del-" + RUN + "-" + i;
            ids.add(consumer);
            Api.Response registered = Api.call("POST", "/issuers/" + ISSUER + "/consumers", d1,
                    Map.of("consumerId", consumer, "accounts", List.of(Map.of("accountId", "FD-" + RUN + "-" + i))));
            assertEquals(201, registered.status(), registered.body());
            for (String suffix : List.of("D", "C")) {
                Api.Response card = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId",
                        "FD-" + RUN + "-" + i + suffix, "consumerId", consumer, "accountId", "FD-" + RUN + "-" + i,
                        "productType", suffix.equals("D") ? "DEBIT" : "CREDIT"));
                assertEquals(201, card.status(), card.body());
            }
            Api.Response digital = Api.call("POST", "/issuers/" + ISSUER + "/cards/FD-" + RUN + "-" + i + "D/digitalCards",
                    d1, Map.of("digitalCardId", "FDDC-" + RUN + "-" + i, "walletProvider", "APPLE_PAY"));
            assertEquals(201, digital.status(), digital.body());
        }
        Map<String, String> operations = new ConcurrentHashMap<>();
        // two deletions while card-service runs, the rest while it stops and is down
        for (int i = 0; i < 2; i++) {
            operations.put(ids.get(i), delete(d1, ids.get(i)));
        }
        // two while it stops (their cascade may or may not get through), two once it is down (theirs cannot)
        Future<?> stopping = pool.submit(() -> shared.stack().stopService("card-service"));
        for (int i = 2; i < 4; i++) {
            operations.put(ids.get(i), delete(d1, ids.get(i)));
        }
        stopping.get(60, TimeUnit.SECONDS);
        assertFalse(shared.stack().service("card-service").isAlive());
        for (int i = 4; i < consumers; i++) {
            operations.put(ids.get(i), delete(d1, ids.get(i)));
        }
        long pending = ids.stream().filter(c -> "PENDING".equals(operation(d1, c, operations.get(c)).path("status").asText()))
                .count();
        assertTrue(pending > 0, "some deletions wait for card-service");

        shared.stack().startService("card-service");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        for (String consumer : ids) {
            JsonNode op;
            do {
                op = operation(d1, consumer, operations.get(consumer));
                assertFalse("FAILED".equals(op.path("status").asText()), op.toString());
                if ("SUCCESSFUL".equals(op.path("status").asText())) {
                    break;
                }
                Thread.sleep(500);
            } while (Instant.now().isBefore(deadline));
            assertEquals("SUCCESSFUL", op.path("status").asText(), consumer + ": " + op);
            assertEquals(1, op.path("details").path("deletedAccounts").asInt(), op.toString());
            assertEquals(2, op.path("details").path("deletedCards").asInt(), "one cascade's count: " + op);
            assertEquals(1, op.path("details").path("deletedDigitalCards").asInt(), "one cascade's count: " + op);
        }
        for (int i = 0; i < consumers; i++) {
            for (String suffix : List.of("D", "C")) {
                String card = "FD-" + RUN + "-" + i + suffix;
                assertEquals(List.of(List.of("DELETED")), shared.rows("select status from card.cards where issuer_id = ? "
                        + "and card_id = ?", ISSUER, card));
                assertEquals(1, shared.count("select count(*) from card.card_status_history where issuer_id = ? "
                        + "and card_id = ? and to_status = 'DELETED'", ISSUER, card), card + " deleted exactly once");
            }
            assertEquals(List.of(List.of("DELETED")), shared.rows("select status from card.digital_cards where "
                    + "issuer_id = ? and digital_card_id = ?", ISSUER, "FDDC-" + RUN + "-" + i));
            assertEquals(List.of(List.of("DELETED")), shared.rows("select status from consumer.consumers where "
                    + "issuer_id = ? and consumer_id = ?", ISSUER, ids.get(i)));
            assertEquals(1, shared.count("select count(*) from consumer.operations where issuer_id = ? and consumer_id = ? "
                    + "and operation = 'DELETE'", ISSUER, ids.get(i)), "one DELETE operation");
            // asking again answers the original operation, and does nothing
            assertEquals(operations.get(ids.get(i)), delete(d1, ids.get(i)));
        }
        assertEquals(List.of(List.of("SUCCESSFUL", String.valueOf(consumers))), shared.rows("select outcome, count(*) from "
                + "consumer.cascade_outbox where consumer_id like ? group by outcome", "fault-del-" + RUN + "-%"),
                "every cascade of the outbox completed, once");
        assertEquals(0, shared.count("select count(*) from consumer.cascade_outbox where consumer_id like ? "
                + "and completed_at is null", "fault-del-" + RUN + "-%"), "nothing left to do in the outbox");
    }

    // ---- (c) SIGKILL during a burst of writes ------------------------------------------------------------------

    @Test
    @Order(4)
    void everyAcknowledgedWriteSurvivesASigkill() throws Exception {
        String triple = shared.token("local-triple");
        String blackhawk = shared.token("local-blackhawk");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        Map<String, String> publishers = new ConcurrentHashMap<>();   // external id -> id, acknowledged only
        Map<Integer, Integer> batches = new ConcurrentHashMap<>();   // batch -> status
        Map<String, Integer> failures = new ConcurrentHashMap<>();   // how unacknowledged requests ended
        AtomicLong slowest = new AtomicLong();
        long base = 820_000_000L + (System.currentTimeMillis() % 1000) * 100_000L;
        int size = 200;
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    String external = "kill-" + RUN + "-" + counter.incrementAndGet();
                    long started = System.nanoTime();
                    try {
                        Api.Response r = Api.callWithin(Duration.ofSeconds(20), "POST", "/partner/publishers", triple,
                                Map.of("external_id", external, "name", "burst"));
                        if (r.status() == 201) {
                            publishers.put(external, r.json().path("id").asText());
                        } else {
                            failures.merge("publisher " + r.status(), 1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        failures.merge("publisher " + e.getCause(), 1, Integer::sum); // not acknowledged
                    }
                    slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
                return null;
            }));
        }
        for (int t = 0; t < 2; t++) {
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    int batch = counter.incrementAndGet();
                    long started = System.nanoTime();
                    try {
                        Api.Response r = Api.callWithin(Duration.ofSeconds(20), "POST", "/cards/v1/set-activation-codes",
                                blackhawk, activationBatch(base + batch * 1000L, size));
                        batches.put(batch, r.status());
                        if (r.status() != 200) {
                            failures.merge("batch " + r.status(), 1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        batches.put(batch, -1);
                        failures.merge("batch " + e.getCause(), 1, Integer::sum);
                    }
                    slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
                return null;
            }));
        }
        awaitThat(Duration.ofSeconds(60), "publishers and batches acknowledged before the kill",
                () -> !publishers.isEmpty() && batches.containsValue(200));
        int beforeKill = publishers.size();
        shared.stack().killService("rewards-account-service");
        shared.stack().killService("activation-service");
        awaitThat(Duration.ofSeconds(30), "writes to the killed services refused (publisher and batch)",
                () -> failures.keySet().stream().anyMatch(k -> k.startsWith("publisher"))
                        && failures.keySet().stream().anyMatch(k -> k.startsWith("batch")));
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertTrue(beforeKill > 0, "writes were acknowledged before the kill");
        System.out.println("SIGKILL burst: " + publishers.size() + " publishers and " + batches.values().stream()
                .filter(s -> s == 200).count() + " batches acknowledged; unacknowledged: " + failures
                + "; slowest request " + slowest.get() + " ms");
        assertTrue(slowest.get() < 15_000, "requests to a killed service end fast (502 from the front door): "
                + slowest.get() + " ms, " + failures);
        Future<?> rewards = pool.submit(() -> shared.stack().startService("rewards-account-service"));
        shared.stack().startService("activation-service");
        rewards.get(300, TimeUnit.SECONDS);

        for (Map.Entry<String, String> p : publishers.entrySet()) {
            assertEquals(1, shared.count("select count(*) from rewards.publishers where id = ? and external_id = ?",
                    p.getValue(), p.getKey()), "acknowledged publisher " + p.getKey());
        }
        String any = publishers.values().iterator().next();
        Api.Response read = Api.call("GET", "/partner/publishers/" + any, triple, null);
        assertEquals(200, read.status(), "the restarted service serves the acknowledged write: " + read.body());
        assertTrue(batches.values().stream().anyMatch(s -> s == 200), "batches were acknowledged: " + batches);
        for (Map.Entry<Integer, Integer> b : batches.entrySet()) {
            long lo = base + b.getKey() * 1000L;
            long rows = shared.count("select count(*) from activation.activation_codes where issuer_id = ? "
                    + "and quote_number::bigint between ? and ?", ISSUER, lo, lo + 999);
            if (b.getValue() == 200) {
                assertEquals(size, rows, "acknowledged batch " + b.getKey());
            } else {
                assertTrue(rows == 0 || rows == size, "batch " + b.getKey() + " is whole or absent: " + rows);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static List<Map<String, String>> activationBatch(long firstQuote, int size) {
        List<Map<String, String>> records = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            records.add(Map.of("quoteNumber", Long.toString(firstQuote + i), "proxyNumber", "60395" + (firstQuote + i),
                    "activationCode", "Flt" + Long.toString(firstQuote + i, 36)));
        }
        return records;
    }

    /** Polls {@code condition} until it holds; fails naming what was awaited after {@code within}. */
    static void awaitThat(Duration within, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Rolls back this class's prepared lock holders, releasing their locks. */
    static void rollbackPrepared() {
        for (List<String> gid : shared.rows("select gid from pg_prepared_xacts where gid like ?", "faults-it-%")) {
            try (Connection c = shared.jdbc(); Statement s = c.createStatement()) {
                s.execute("ROLLBACK PREPARED '" + gid.get(0) + "'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("ROLLBACK PREPARED " + gid.get(0) + ": " + e.getMessage(), e);
            }
        }
    }

    static void assertUnavailable(Dialect dialect, Api.Response r, String what) {
        assertEquals(503, r.status(), what + ": " + r.body());
        assertTrue(r.header("Retry-After").isPresent(), what + ": no Retry-After");
        Dialects.assertErrorShape(dialect, r, what);
        assertFalse(Dialects.isFrontDoorRefusal(r), what + ": the service itself answers: " + r.body());
    }

    /** Runs an assertion and records its message instead of stopping the test (all outcomes are reported). */
    static void collect(List<String> problems, Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            problems.add(e.getMessage());
        }
    }

    static void probe(List<Callable<Api.Response>> probes, List<Dialect> dialects, List<String> names, String name,
            Dialect dialect, Callable<Api.Response> call) {
        probes.add(call);
        dialects.add(dialect);
        names.add(name);
    }

    static Api.Response awaitRecovery(Callable<Api.Response> call, String name) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Api.Response r;
        do {
            r = call.call();
            if (r.status() != 503) {
                return r;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        fail(name + " did not recover within 60 s after the database returned: " + r);
        return r;
    }

    /** Waits until every held request (one per service) is inside its statement, waiting for the table lock. */
    /**
     * Waits until each held request's own service has a session waiting for one of the locks. By service name: a
     * parse waiting for its lock shows the session's previous query text (and state idle), so the text cannot tell
     * the held request from, e.g., an outbox worker of the same service. Each service is named, not counted: a count
     * of distinct names once let the test go on while the publisher creation had not reached the database yet (CI,
     * 2026-11-24: the test's step 1 took 1.4 s in all; the fourth name was most likely an autovacuum worker, whose
     * application_name is empty, queued behind the same EXCLUSIVE lock); the request then arrived after the
     * restart, was served, and its publisher was (rightly) there.
     */
    static void awaitLockWaiters(Connection c, Map<String, Future<Api.Response>> held, Map<String, String> serviceOf)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        List<String> waiting = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            waiting.clear();
            try (Statement s = c.createStatement(); var rs = s.executeQuery("select distinct application_name from "
                    + "pg_stat_activity where wait_event_type = 'Lock'")) {
                while (rs.next()) {
                    waiting.add(rs.getString(1));
                }
            }
            if (held.keySet().stream().map(serviceOf::get).allMatch(waiting::contains)) {
                return;
            }
            for (Map.Entry<String, Future<Api.Response>> h : held.entrySet()) {
                if (h.getValue().isDone()) {
                    String answer;
                    try {
                        answer = String.valueOf(h.getValue().get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        answer = String.valueOf(e.getCause());
                    }
                    fail(h.getKey() + " ended while the others waited (waiting on the locks: " + waiting + "): "
                            + answer + "; sessions: " + sessions(c) + "; thread dumps: " + threadDumps());
                }
            }
            Thread.sleep(100);
        }
        fail("the requests did not all reach their statements within 90 s; waiting on the locks: " + waiting
                + "; sessions: " + sessions(c) + "; thread dumps: " + threadDumps());
    }

    /** Every client session of the database, for a failure message that says where each request stood. */
    static List<String> sessions(Connection c) throws java.sql.SQLException {
        List<String> sessions = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("select pid, application_name, state, wait_event_type, "
                + "wait_event, now() - query_start, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) "
                + "from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 7; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                sessions.add(row.toString());
            }
        }
        return sessions;
    }

    /** jcmd Thread.print of every service, written next to the service logs; returns where. */
    static String threadDumps() {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "thread-dumps");
        try {
            java.nio.file.Files.createDirectories(dir);
            String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            for (Map.Entry<String, Long> service : pids().entrySet()) {
                new ProcessBuilder(jcmd, service.getValue().toString(), "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(service.getKey() + ".txt").toFile())
                        .start().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            return "not taken: " + e;
        }
        return dir.toAbsolutePath().toString();
    }

    static Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            pids.put(service, shared.stack().service(service).pid());
        }
        return pids;
    }

    static String delete(String token, String consumer) {
        Api.Response r = Api.call("POST", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations:delete", token,
                Map.of("reason", "fault test", "reasonCode", "ISSUER_DECISION"));
        assertEquals(200, r.status(), consumer + ": " + r.body());
        return r.json().path("operationId").asText();
    }

    static JsonNode operation(String token, String consumer, String operationId) {
        Api.Response r = Api.call("GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations/" + operationId,
                token, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }
}
