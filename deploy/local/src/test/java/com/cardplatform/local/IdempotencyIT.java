package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A partner's retry is safe on every API of the running platform: the same {@code Idempotency-Key} with the same
 * request answers the first result again ({@code Idempotent-Replayed: true}) with no second effect in the tables,
 * also after the service restarted and when the repetition reaches another replica; another request with the key
 * is 422; two identical requests at once have one effect. Each answer carries the client's rate limit, and a
 * client over it gets 429 in the API's dialect.
 */
@Order(4)
class IdempotencyIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final String PAN = "4111111111111111";
    static final AtomicLong UNIQUE = new AtomicLong();
    static final String QUOTE = String.valueOf(710_000_000L + System.currentTimeMillis() % 10_000_000L);

    /** One partner write: a new request each time {@code next} is called, and how many effects it left. */
    record Write(String api, String service, Supplier<Request> next) {
    }

    /**
     * A request, fixed: its repetition is byte for byte the same. {@code effects}: how many rows it made, or for an
     * upsert (Blackhawk) the time of the row's last change; either way a second run changes it.
     */
    record Request(String method, String path, String token, String body, String[] headers, Supplier<Long> effects,
            boolean counted) {

        Api.Response send(String key) {
            return Api.call(method, path, token, body, with(key));
        }

        Api.Response sendTo(int port, String key) {
            return Api.send(Api.PLAIN, "http://127.0.0.1:" + port + path, method, token, body, with(key));
        }

        private String[] with(String key) {
            List<String> all = new ArrayList<>(List.of(headers));
            all.add("Idempotency-Key");
            all.add(key);
            return all.toArray(String[]::new);
        }
    }

    static SharedStack shared;
    static List<Write> writes;

    @BeforeAll
    static void writesOfEveryApi() {
        shared = SharedStack.get();
        String d1 = shared.token("local-d1-issuer");
        String citi = shared.token("local-citi", "cards:status");
        String blackhawk = shared.token("local-blackhawk");
        String triple = shared.token("local-triple");
        writes = List.of(
                new Write("D1 consumer operations", "consumer-service", () -> {
                    String consumer = "idem-" + RUN + "-" + UNIQUE.incrementAndGet();
                    return new Request("POST", "/issuers/" + ISSUER + "/consumers", d1,
                            json(Map.of("consumerId", consumer, "accounts", List.of(Map.of("accountId", "A-" + consumer)))),
                            new String[0], () -> shared.count("select count(*) from consumer.operations where "
                                    + "issuer_id = ? and consumer_id = ?", ISSUER, consumer), true);
                }),
                new Write("D1 tracking hub", "card-service", () -> {
                    String card = provisionCard(d1);
                    return new Request("POST", "/issuers/" + ISSUER + "/physicalCards/" + card + "/operations:track", d1,
                            json(Map.of("trackingType", "PRODUCTION", "encryptedData", jwe())), new String[0],
                            () -> shared.count("select count(*) from card.tracking_operations where issuer_id = ? and "
                                    + "card_id = ?", ISSUER, card), true);
                }),
                new Write("Citi card status", "card-service", () -> {
                    String card = provisionCard(d1);
                    String account = shared.rows("select account_id from card.cards where issuer_id = ? and card_id = ?",
                            ISSUER, card).get(0).get(0);
                    return new Request("PUT", "/v1/cards/status/detail", citi,
                            json(Map.of("accountId", account, "cardStatusCode", "F", "blockReasonCode", "Y1")),
                            new String[] {"uuid", UUID.randomUUID().toString(), "countryCode", "MX", "businessCode", "BNMX",
                                "ChannelId", "MOBILE", "sid", "idem-" + RUN},
                            () -> shared.count("select count(*) from card.card_status_history where issuer_id = ? and "
                                    + "card_id = ? and source = 'CARD_STATUS_API'", ISSUER, card), true);
                }),
                new Write("Blackhawk activation codes", "activation-service", () -> {
                    String proxy = "6039531" + String.format("%06d", (System.nanoTime() / 1000 + UNIQUE.incrementAndGet())
                            % 1_000_000L);
                    String code = "IdemCode" + UNIQUE.incrementAndGet();
                    shared.sensitive(code);
                    return new Request("POST", "/cards/v1/set-activation-codes", blackhawk,
                            json(List.of(Map.of("quoteNumber", QUOTE, "proxyNumber", proxy, "activationCode", code))),
                            new String[0], () -> shared.count("select coalesce(max((extract(epoch from updated_at)"
                                    + " * 1000000)::bigint), 0) from activation.activation_codes where quote_number = ?"
                                    + " and proxy_number = ?", QUOTE, proxy), false);
                }),
                new Write("Triple card accounts", "rewards-account-service", () -> {
                    String external = "idem-pub-" + RUN + "-" + UNIQUE.incrementAndGet();
                    return new Request("POST", "/partner/publishers", triple,
                            json(Map.of("external_id", external, "name", "Idempotency publisher")), new String[0],
                            () -> shared.count("select count(*) from rewards.publishers where external_id = ?", external),
                            true);
                }));
    }

    @Test
    void theSameKeyAndRequestAnswerTheFirstResultAgainWithoutASecondEffectOnEveryApi() {
        for (Write write : writes) {
            Request request = write.next().get();
            String key = UUID.randomUUID().toString();
            Api.Response first = request.send(key);
            assertTrue(first.status() / 100 == 2, write.api() + ": " + first);
            assertFalse(first.header("Idempotent-Replayed").isPresent(), write.api());
            long effects = request.effects().get();
            Api.Response again = request.send(key);
            assertEquals(first.status(), again.status(), write.api() + ": " + again);
            assertEquals(first.body(), again.body(), write.api());
            assertEquals(first.header("Location"), again.header("Location"), write.api() + ": the Location");
            assertEquals(first.header("Content-Type"), again.header("Content-Type"), write.api() + ": the Content-Type");
            assertEquals("true", again.header("Idempotent-Replayed").orElse(null), write.api());
            assertEquals(effects, request.effects().get(), write.api() + ": a second effect");
            assertTrue(first.header("RateLimit-Policy").isPresent(), write.api() + ": no RateLimit-Policy");
            assertTrue(again.header("RateLimit").isPresent(), write.api() + ": no RateLimit");
        }
    }

    @Test
    void theSameKeyWithAnotherRequestIs422InTheDialectAndChangesNothing() {
        for (Write write : writes) {
            Request request = write.next().get();
            Request other = write.next().get();
            String key = UUID.randomUUID().toString();
            assertTrue(request.send(key).status() / 100 == 2, write.api());
            Api.Response refused = other.send(key);
            assertEquals(422, refused.status(), write.api() + ": " + refused);
            assertEquals(0L, other.effects().get(), write.api() + ": the other request ran");
        }
    }

    @Test
    void twoIdenticalRequestsAtOnceHaveOneEffect() {
        for (Write write : writes) {
            Request request = write.next().get();
            String key = UUID.randomUUID().toString();
            CompletableFuture<Api.Response> a = CompletableFuture.supplyAsync(() -> request.send(key));
            CompletableFuture<Api.Response> b = CompletableFuture.supplyAsync(() -> request.send(key));
            List<Api.Response> answers = List.of(a.join(), b.join());
            long succeeded = answers.stream().filter(r -> r.status() / 100 == 2).count();
            assertTrue(succeeded >= 1, write.api() + ": " + answers);
            for (Api.Response answer : answers) {
                assertTrue(answer.status() / 100 == 2 || answer.status() == 409, write.api() + ": " + answer);
            }
            long effects = request.effects().get();
            Api.Response after = request.send(key);
            assertEquals("true", after.header("Idempotent-Replayed").orElse(null), write.api() + ": " + after);
            assertEquals(effects, request.effects().get(), write.api() + ": the replay ran");
            if (request.counted()) {
                assertEquals(1L, effects, write.api() + ": effects of " + answers);
            }
        }
    }

    @Test
    void aKeptAnswerOutlivesARestartAndIsAnsweredByAnotherReplica() throws Exception {
        LocalStack stack = shared.stack();
        for (String service : List.of("consumer-service", "card-service", "activation-service",
                "rewards-account-service")) {
            List<Write> ofService = writes.stream().filter(w -> w.service().equals(service)).toList();
            List<Request> requests = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<Api.Response> firsts = new ArrayList<>();
            for (Write write : ofService) {
                Request request = write.next().get();
                String key = UUID.randomUUID().toString();
                Api.Response first = request.send(key);
                assertTrue(first.status() / 100 == 2, write.api() + ": " + first);
                requests.add(request);
                keys.add(key);
                firsts.add(first);
            }
            stack.stopService(service);
            stack.startService(service);
            int replicaPort = SharedStack.freePorts(1)[0];
            ServiceProcess replica = stack.startReplica(service, replicaPort, List.of());
            try {
                for (int i = 0; i < requests.size(); i++) {
                    String api = ofService.get(i).api();
                    long effects = requests.get(i).effects().get();
                    Api.Response afterRestart = requests.get(i).send(keys.get(i));
                    assertEquals("true", afterRestart.header("Idempotent-Replayed").orElse(null), api + ": " + afterRestart);
                    assertEquals(firsts.get(i).body(), afterRestart.body(), api);
                    Api.Response onReplica = requests.get(i).sendTo(replicaPort, keys.get(i));
                    assertEquals("true", onReplica.header("Idempotent-Replayed").orElse(null), api + ": " + onReplica);
                    assertEquals(firsts.get(i).body(), onReplica.body(), api);
                    assertEquals(effects, requests.get(i).effects().get(), api + ": a second effect");

                    // a new key sent to both replicas at once: one effect, whichever replica ran it
                    Request fresh = ofService.get(i).next().get();
                    String key = UUID.randomUUID().toString();
                    CompletableFuture<Api.Response> a = CompletableFuture.supplyAsync(
                            () -> fresh.sendTo(shared.port(service), key));
                    CompletableFuture<Api.Response> b = CompletableFuture.supplyAsync(() -> fresh.sendTo(replicaPort, key));
                    List<Api.Response> answers = List.of(a.join(), b.join());
                    for (Api.Response answer : answers) {
                        assertTrue(answer.status() / 100 == 2 || answer.status() == 409, api + ": " + answer);
                    }
                    long settledEffects = fresh.effects().get();
                    Api.Response settled = fresh.sendTo(replicaPort, key);
                    assertEquals("true", settled.header("Idempotent-Replayed").orElse(null), api + ": " + settled);
                    assertEquals(settledEffects, fresh.effects().get(), api + ": the replay ran");
                    if (fresh.counted()) {
                        assertEquals(1L, settledEffects, api + ": effects of " + answers);
                    }
                }
            } finally {
                replica.stop(java.time.Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aClientOverItsLimitGets429InTheDialectOfEachApi() throws Exception {
        LocalStack stack = shared.stack();
        int port = SharedStack.freePorts(1)[0];
        // a second replica of card-service whose quota is 6 requests a minute per client and API: shared with the
        // stack's own card-service (both alive, both counted), its share is 3, so that the fourth is refused
        ServiceProcess replica = stack.startReplica("card-service", port, List.of(
                "-Dplatform.guard.rate-limit.defaults.quota=6", "-Dplatform.guard.rate-limit.defaults.window=PT60S"));
        try {
            Map<String, Request> apis = Map.of("d1", writes.get(1).next().get(), "citi", writes.get(2).next().get());
            for (Map.Entry<String, Request> api : apis.entrySet()) {
                Request request = api.getValue();
                for (int i = 0; i < 3; i++) {
                    Api.Response allowed = request.sendTo(port, UUID.randomUUID().toString());
                    assertTrue(allowed.status() != 429, api.getKey() + ": " + allowed);
                    assertEquals("\"" + api.getKey() + "\";q=3;w=60", allowed.header("RateLimit-Policy").orElse(null));
                    assertTrue(allowed.header("RateLimit").orElse("").contains("r=" + (2 - i)),
                            api.getKey() + ": " + allowed.headers());
                }
                Api.Response refused = request.sendTo(port, UUID.randomUUID().toString());
                assertEquals(429, refused.status(), api.getKey() + ": " + refused);
                assertTrue(Long.parseLong(refused.header("Retry-After").orElse("0")) >= 1, refused.headers().toString());
                if (api.getKey().equals("citi")) {
                    // Citi's error object (the seed documents no 429: rendered like its other retryable answers)
                    for (String field : List.of("type", "code", "details", "timestamp")) {
                        assertTrue(refused.json().hasNonNull(field), field + " in " + refused.body());
                    }
                }
            }
        } finally {
            replica.stop(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void everyPartnerWriteDocumentsTheKeyAndEveryOperationTheLimit() {
        int writesSeen = 0;
        for (String service : List.of("consumer-service", "card-service", "activation-service",
                "rewards-account-service")) {
            Api.Response doc = Api.direct(service, "GET", "/q/openapi?format=json", null, null);
            assertEquals(200, doc.status(), service);
            var paths = doc.json().path("paths");
            for (var path = paths.fields(); path.hasNext(); ) {
                var entry = path.next();
                if (entry.getKey().startsWith("/internal/") || entry.getKey().startsWith("/.well-known/")) {
                    continue; // not partner APIs: service-to-service calls and public keys
                }
                for (var operation = entry.getValue().fields(); operation.hasNext(); ) {
                    var op = operation.next();
                    String where = service + " " + op.getKey().toUpperCase() + " " + entry.getKey();
                    assertTrue(op.getValue().path("responses").has("429"), where + ": no 429");
                    if (List.of("post", "put", "patch", "delete").contains(op.getKey())) {
                        writesSeen++;
                        boolean documented = false;
                        for (var parameter : op.getValue().path("parameters")) {
                            documented |= "Idempotency-Key".equals(parameter.path("name").asText())
                                    && "header".equals(parameter.path("in").asText());
                        }
                        assertTrue(documented, where + ": no Idempotency-Key");
                        assertTrue(op.getValue().path("responses").has("422"), where + ": no 422");
                    }
                }
            }
        }
        assertTrue(writesSeen >= 12, "partner writes documented: " + writesSeen);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static String provisionCard(String d1) {
        String card = "IDEM-" + RUN + "-" + UNIQUE.incrementAndGet();
        shared.sensitive(PAN);
        Api.Response r = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", card,
                "consumerId", "idem-consumer-" + RUN, "accountId", "IDEM-ACC-" + card, "productType", "DEBIT", "pan", PAN));
        assertEquals(201, r.status(), r.body());
        return card;
    }

    static String jwe() {
        try {
            return TenantIsolationIT.encryptForTracking("{\"pan\":\"" + PAN + "\",\"exp\":\"1230\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        try {
            return SharedStack.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
