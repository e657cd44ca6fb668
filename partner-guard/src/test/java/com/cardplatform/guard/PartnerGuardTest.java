package com.cardplatform.guard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.guard.idempotency.IdempotencyKeys;
import com.cardplatform.guard.idempotency.IdempotencyPurge;
import com.cardplatform.guard.idempotency.IdempotencyStore;
import com.cardplatform.guard.ratelimit.LiveReplicas;
import com.cardplatform.guard.idempotency.StoredAnswer;
import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * partner-guard in front of a small application on the real PostgreSQL of test-support, over real HTTP with real
 * signed tokens: what a partner's retry gets, and what the table holds.
 */
@QuarkusTest
@QuarkusTestResource(PlatformTestResource.class)
class PartnerGuardTest {

    static final String CLIENT = "widget-partner";

    @Inject
    IdempotencyStore store;

    @Inject
    IdempotencyPurge purge;

    @Inject
    LiveReplicas replicas;

    @Inject
    @ReactiveDataSource("guard")
    Pool guardPool;

    static RequestSpecification as(String client) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.partnerToken(client, "widgets")))
                .contentType(ContentType.JSON);
    }

    static String name() {
        return "w-" + UUID.randomUUID();
    }

    static long widgets(String name) {
        return TestDatabase.count("SELECT count(*) FROM probe.widget WHERE name = ?", name);
    }

    /** A keyed widget creation of {@link #CLIENT} that takes {@code delayMs} before its insert. */
    static RequestSpecification slowCreate(String key, String body, long delayMs) {
        return as(CLIENT).header("Idempotency-Key", key).body(body).queryParam("delayMs", delayMs);
    }

    static Response create(String client, String key, String body) {
        return as(client).header("Idempotency-Key", key).body(body).post("/widgets");
    }

    // ---- replay ------------------------------------------------------------------------------------------

    @Test
    void theSameRequestWithTheSameKeyGetsTheFirstAnswerAgainAndChangesNothingMore() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        Response first = create(CLIENT, key, body);
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        Response again = create(CLIENT, key, body);
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location")).contentType(ContentType.JSON);
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(1, widgets(name));
        assertEquals("DONE", TestDatabase.query("SELECT state FROM probe.idempotency_key WHERE client_id = ? AND "
                + "idempotency_key = ?", CLIENT, key).get(0).get("state"));
    }

    @Test
    void withoutAKeyEveryRequestRuns() {
        String name = name();
        String body = "{\"name\":\"" + name + "\"}";
        as(CLIENT).body(body).post("/widgets").then().statusCode(201);
        as(CLIENT).body(body).post("/widgets").then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(2, widgets(name));
    }

    @Test
    void aDeleteWithoutBodyAndAPutAreReplayedToo() {
        String name = name();
        String key = UUID.randomUUID().toString();
        as(CLIENT).header("Idempotency-Key", key).put("/citi/widgets/" + name).then().statusCode(200);
        as(CLIENT).header("Idempotency-Key", key).put("/citi/widgets/" + name).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("name", equalTo(name));
        assertEquals(1, widgets(name));
        String deleteKey = UUID.randomUUID().toString();
        as(CLIENT).header("Idempotency-Key", deleteKey).delete("/widgets/" + name).then().statusCode(204);
        as(CLIENT).header("Idempotency-Key", deleteKey).delete("/widgets/" + name).then().statusCode(204)
                .header("Idempotent-Replayed", "true");
    }

    // ---- mismatch and scope ------------------------------------------------------------------------------

    @Test
    void theSameKeyWithAnotherBodyOrPathIs422InTheDialectAndChangesNothing() {
        String name = name();
        String key = UUID.randomUUID().toString();
        create(CLIENT, key, "{\"name\":\"" + name + "\"}").then().statusCode(201);
        create(CLIENT, key, "{\"name\":\"" + name + "-other\"}").then().statusCode(422)
                .body("status_code", equalTo(422)).body("content.exception", equalTo("TripleUnprocessableEntity"));
        as(CLIENT).header("Idempotency-Key", key).put("/citi/widgets/" + name).then().statusCode(422)
                .body("type", equalTo("error")).body("moreInfo", containsString("Idempotency-Key"));
        assertEquals(1, widgets(name));
        assertEquals(0, widgets(name + "-other"));
    }

    @Test
    void keysBelongToOneClient() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        create(CLIENT, key, body).then().statusCode(201);
        create("another-partner", key, body).then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(2, widgets(name));
    }

    @Test
    void aKeyThatIsNotOneTo255PrintableAsciiCharactersIs400() {
        String body = "{\"name\":\"" + name() + "\"}";
        create(CLIENT, "k".repeat(256), body).then().statusCode(400)
                .body("content.details[0]", notNullValue());
        create(CLIENT, "", body).then().statusCode(400);
        create(CLIENT, "k".repeat(255), body).then().statusCode(201);
    }

    // ---- failures are not kept ---------------------------------------------------------------------------

    @Test
    void aFailedRequestIsNotKeptSoItsCorrectedRetryRuns() {
        String key = UUID.randomUUID().toString();
        create(CLIENT, key, "{\"name\":\" \"}").then().statusCode(400);
        create(CLIENT, key, "{\"name\":\" \"}").then().statusCode(400).header("Idempotent-Replayed", nullValue());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE idempotency_key = ?", key));
        // a failure changed nothing and kept nothing: the same key now serves the corrected request
        String name = name();
        create(CLIENT, key, "{\"name\":\"" + name + "\"}").then().statusCode(201);
        assertEquals(1, widgets(name));
    }

    @Test
    void anErrorAnswerOfARequestThatChangedSomethingIsKeptAndReplayedWithoutASecondChange() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        Response first = as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/attempts");
        first.then().statusCode(422).header("Idempotent-Replayed", nullValue());
        Response again = as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/attempts");
        again.then().statusCode(422).header("Idempotent-Replayed", "true");
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(1, widgets(name));
        // without a key each one changes something: the marked error is not kept by itself
        as(CLIENT).body(body).post("/widgets/attempts").then().statusCode(422).header("Idempotent-Replayed", nullValue());
        assertEquals(2, widgets(name));
    }

    /**
     * After an "outcome unknown" 503 the key stays bound to its request: the same request runs again (each service
     * answers it with the original result if the first did commit), another request with the key is 422.
     */
    @Test
    void afterAnUnknownOutcomeOnlyTheSameRequestRunsAgainUnderItsKey() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/lost").then().statusCode(503)
                .header("Write-Outcome", "unknown");
        as(CLIENT).header("Idempotency-Key", key).body("{\"name\":\"" + name() + "\"}").post("/widgets/lost").then()
                .statusCode(422);
        assertEquals(1, widgets(name));
        as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/lost").then().statusCode(503)
                .header("Idempotent-Replayed", nullValue());
        assertEquals(2, widgets(name));
    }

    @Test
    void anUnauthenticatedWriteIsRefusedAndKeepsNothing() {
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"name\":\"x\"}")
                .post("/widgets").then().statusCode(401).header("RateLimit", nullValue());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE idempotency_key = ?", key));
    }

    /**
     * An answer that holds a secret (@AnswerHoldsSecret) is kept sealed by the service's AnswerSealer: the repetition
     * gets the same secret, and the table holds no plaintext of it.
     */
    @Test
    void anAnswerHoldingASecretIsReplayedAndKeptOnlySealed() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        Response first = as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/keys");
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        String secret = first.jsonPath().getString("secret");
        assertTrue(secret.startsWith("secret_"), secret);
        Response again = as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/keys");
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(secret, again.jsonPath().getString("secret"));
        assertEquals(1, widgets(name));

        var row = TestDatabase.query("SELECT response_body, response_sealed FROM probe.idempotency_key"
                + " WHERE client_id = ? AND idempotency_key = ?", CLIENT, key).get(0);
        assertEquals(Boolean.TRUE, row.get("response_sealed"));
        byte[] stored = (byte[]) row.get("response_body");
        assertTrue(!new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "the secret is stored sealed");
        // ... bound to its row: the same bytes do not open as another client's key
        com.cardplatform.guard.probe.ProbeAnswerSealer sealer = new com.cardplatform.guard.probe.ProbeAnswerSealer();
        assertTrue(new String(sealer.open(stored, IdempotencyKeys.boundTo(CLIENT, key)), StandardCharsets.UTF_8)
                .contains(secret));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> sealer.open(stored, IdempotencyKeys.boundTo("other-client", key)));
    }

    // ---- concurrency, abandoned claims, expiry -----------------------------------------------------------

    /**
     * A partner whose client gives up (a timeout) while the write runs: the write runs to its end (the resources are
     * {@code @Cancellable(false)}) and its answer is kept, so the retry with the same key is the replay of the one
     * write, not a 409 until the claim's lease ends nor a second run.
     */
    @Test
    void aClientThatHangsUpWhileItsWriteRunsGetsTheKeptAnswerOnItsRetry() throws Exception {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/widgets?delayMs=1500"))
                .timeout(java.time.Duration.ofMillis(300))
                .header("Authorization", TestTokens.bearer(TestTokens.partnerToken(CLIENT, "widgets")))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        assertThrows(java.net.http.HttpTimeoutException.class, () -> java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE"
                + " idempotency_key = ? AND state = 'DONE'", key) == 0) {
            Thread.sleep(50);
        }
        slowCreate(key, body, 1500).post("/widgets").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, widgets(name));
    }

    /**
     * A request that runs longer than the claim's lease (2 s in the tests) keeps its claim: the lease is renewed while
     * it runs, so its repetition after the lease is a 409, not a take-over that would run the write a second time.
     */
    @Test
    void aRequestLongerThanTheLeaseKeepsItsClaimAndItsRepetitionWaits() throws Exception {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(
                () -> slowCreate(key, body, 5000).post("/widgets"));
        awaitClaim(key);
        Thread.sleep(3500);
        slowCreate(key, body, 5000).post("/widgets").then().statusCode(409);
        slow.get().then().statusCode(201);
        slowCreate(key, body, 5000).post("/widgets").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, widgets(name));
    }

    @Test
    void whileTheFirstRequestRunsItsRepetitionIs409ThenTheFirstAnswerIsReplayed() throws Exception {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(
                () -> slowCreate(key, body, 2000).post("/widgets"));
        awaitClaim(key);
        slowCreate(key, body, 2000).post("/widgets").then()
                .statusCode(409).header("Retry-After", "1").body("content.exception", equalTo("TripleIntegrityError"));
        Response first = slow.get();
        first.then().statusCode(201);
        Response replayed = slowCreate(key, body, 2000).post("/widgets");
        replayed.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.body().asString(), replayed.body().asString());
        assertEquals(1, widgets(name));
    }

    /**
     * Many requests at once: their claims and kept answers go to PostgreSQL in shared statements. Identical ones have
     * one effect (the others 409 or the replay); distinct ones each run once and each is replayed afterwards.
     */
    @Test
    void requestsArrivingTogetherAreClaimedAndKeptTogetherWithOneEffectEach() throws Exception {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        List<CompletableFuture<Response>> identical = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            identical.add(CompletableFuture.supplyAsync(() -> as(CLIENT).header("Idempotency-Key", key).body(body)
                    .queryParam("delayMs", 300).post("/widgets")));
        }
        int created = 0;
        for (CompletableFuture<Response> f : identical) {
            Response r = f.get();
            assertTrue(r.statusCode() == 201 || r.statusCode() == 409, r.statusCode() + " " + r.body().asString());
            if (r.statusCode() == 201 && r.header("Idempotent-Replayed") == null) {
                created++;
            }
        }
        assertEquals(1, created);
        assertEquals(1, widgets(name));

        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<Response>> distinct = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String n = name();
            String k = UUID.randomUUID().toString();
            names.add(n);
            keys.add(k);
            distinct.add(CompletableFuture.supplyAsync(() -> create(CLIENT, k, "{\"name\":\"" + n + "\"}")));
        }
        for (int i = 0; i < distinct.size(); i++) {
            Response first = distinct.get(i).get();
            first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
            Response again = create(CLIENT, keys.get(i), "{\"name\":\"" + names.get(i) + "\"}");
            again.then().statusCode(201).header("Idempotent-Replayed", "true");
            assertEquals(first.body().asString(), again.body().asString());
            assertEquals(1, widgets(names.get(i)));
        }
    }

    /**
     * The steps of the requests that arrive while a statement runs go together in the next one, and a row is changed
     * once per statement: a claim of a key whose abandoned claim is answered in the same statement is not sent. It
     * loses, its request finds the answer kept (a replay), and the statement fails for no one. Sent as it was, the
     * claim would take the row over and the answer would be lost.
     */
    @Test
    void aClaimOfAKeyWhoseAnswerIsKeptInTheSameStatementLosesToIt() throws Exception {
        String key = UUID.randomUUID().toString();
        UUID abandoned = UUID.randomUUID();
        byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " locked_until, expires_at) VALUES ('" + CLIENT + "', '" + key + "', '\\x"
                + HexFormat.of().formatHex(fingerprint) + "', '" + abandoned + "', 'IN_FLIGHT',"
                + " now() - interval '1 second', now() + interval '1 day')");
        StoredAnswer answer = new StoredAnswer(201, Map.of("Content-Type", "application/json"),
                "{\"id\":\"late\"}".getBytes(StandardCharsets.UTF_8), false);

        // a statement in flight: the two steps submitted meanwhile wait for it and go together in the next one
        CompletableFuture<IdempotencyStore.Won> running = store.claim(CLIENT, UUID.randomUUID().toString(), fingerprint)
                .subscribeAsCompletionStage();
        CompletableFuture<Void> kept = store.complete(CLIENT, key, abandoned, answer).subscribeAsCompletionStage();
        CompletableFuture<IdempotencyStore.Won> claim = store.claim(CLIENT, key, fingerprint).subscribeAsCompletionStage();

        assertNotNull(running.get(10, TimeUnit.SECONDS));
        kept.get(10, TimeUnit.SECONDS);
        assertNull(claim.get(10, TimeUnit.SECONDS));
        IdempotencyStore.Existing row = store.find(CLIENT, key).await().atMost(Duration.ofSeconds(10));
        assertTrue(row.done());
        assertEquals(201, row.answer().status());
        assertEquals("{\"id\":\"late\"}", new String(row.answer().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aClaimAbandonedByADeadReplicaIsTakenOverBySameRequestOnly() throws Exception {
        String name = name();
        String body = "{\"name\":\"" + name + "\"}";
        String abandoned = UUID.randomUUID().toString();
        insertClaim(abandoned, fingerprint("POST", "/widgets", body), "now() - interval '1 second'");
        create(CLIENT, abandoned, "{\"name\":\"" + name + "-other\"}").then().statusCode(422);
        create(CLIENT, abandoned, body).then().statusCode(201).header("Idempotent-Replayed", nullValue());
        create(CLIENT, abandoned, body).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, widgets(name));

        String live = UUID.randomUUID().toString();
        insertClaim(live, fingerprint("POST", "/widgets", body), "now() + interval '1 minute'");
        create(CLIENT, live, body).then().statusCode(409);
        assertEquals(1, widgets(name));
    }

    /**
     * The token a write records to tell its own repetition (KeyedRequest): the same for the request that a dead
     * replica left unanswered and for its repetition, another one for another client's key, for the key used again
     * after its retention, and none without a key.
     */
    @Test
    void aKeyedRequestKeepsItsTokenAcrossTheTakeOverOfItsAbandonedClaimOnly() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name() + "\"}";
        String first = token(CLIENT, key, body);
        assertTrue(first.matches("[0-9a-f]{64}"), first);

        // the replica died after the write and before its answer was kept: the claim is left, abandoned
        TestDatabase.execute("UPDATE probe.idempotency_key SET state = 'IN_FLIGHT', locked_until = now() - interval"
                + " '1 second', response_status = NULL, response_headers = NULL, response_body = NULL"
                + " WHERE client_id = '" + CLIENT + "' AND idempotency_key = '" + key + "'");
        assertEquals(first, token(CLIENT, key, body));

        assertNotEquals(first, token("other-" + UUID.randomUUID(), key, body));

        TestDatabase.execute("UPDATE probe.idempotency_key SET expires_at = now() - interval '1 second'"
                + " WHERE client_id = '" + CLIENT + "' AND idempotency_key = '" + key + "'");
        String again = token(CLIENT, key, body);
        assertNotEquals(first, again);
        assertTrue(again.matches("[0-9a-f]{64}"), again);

        as(CLIENT).body(body).post("/widgets/token").then().statusCode(200).body("token", equalTo("none"));
    }

    /**
     * An answer that another body writer than JSON's writes (here text/plain) reaches the partner as that writer
     * makes it; the guard cannot keep those bytes, so it keeps nothing (the key is released) rather than replace the
     * answer with its JSON rendering.
     */
    @Test
    void anAnswerWrittenAsTextIsSentAsTextAndNotKept() {
        String key = UUID.randomUUID().toString();
        String name = name();
        String body = "{\"name\":\"" + name + "\"}";
        String first = as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/plain").then()
                .statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertTrue(first.startsWith("Widget[id="), first);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE client_id = ?"
                + " AND idempotency_key = ?", CLIENT, key));
    }

    private static String token(String client, String key, String body) {
        return as(client).header("Idempotency-Key", key).body(body).post("/widgets/token").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).extract().path("token");
    }

    @Test
    void aKeyPastItsRetentionIsNewAgainAndThePurgeDeletesIt() {
        String key = UUID.randomUUID().toString();
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " response_status, response_headers, response_body, expires_at) VALUES ('" + CLIENT + "', '" + key
                + "', '\\x00', gen_random_uuid(), 'DONE', 201, '{}', '\\x7b7d', now() - interval '1 second')");
        String name = name();
        create(CLIENT, key, "{\"name\":\"" + name + "\"}").then().statusCode(201).header("Idempotent-Replayed",
                nullValue());
        assertEquals(1, widgets(name));

        String old = UUID.randomUUID().toString();
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " expires_at) VALUES ('" + CLIENT + "', '" + old + "', '\\x00', gen_random_uuid(), 'DONE',"
                + " now() - interval '1 second')");
        int purged = store.purge(1000).await().indefinitely();
        assertTrue(purged >= 1, "purged " + purged);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE expires_at < now()"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE idempotency_key = ?", key));
    }

    @Test
    void aPurgeRunGoesOnBatchAfterBatchUntilNoExpiredKeyIsLeft() {
        // 35 expired keys, batches of 10 (test configuration): one batch per run would leave 25
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " expires_at) SELECT '" + CLIENT + "', 'expired-' || g || '-' || gen_random_uuid(), '\\x00',"
                + " gen_random_uuid(), 'DONE', now() - interval '1 second' FROM generate_series(1, 35) g");
        int purged = purge.purgeExpired().await().indefinitely();
        assertTrue(purged >= 35, "purged " + purged);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE expires_at < now()"));
    }

    // ---- rate limits -------------------------------------------------------------------------------------

    /**
     * The limits are shared among the replicas alive now: two more beating replicas make a client's share a third of
     * its quota at once, and when they are gone the whole quota is back; a replica long silent is not counted (and its
     * row is forgotten).
     */
    @Test
    void aClientsQuotaIsSharedAmongTheReplicasAliveNow() {
        String client = "shared-" + UUID.randomUUID();
        as(client).get("/widgets/count").then().statusCode(200).header("RateLimit-Policy", "\"triple\";q=100;w=1");
        try {
            TestDatabase.execute("INSERT INTO probe.guard_replica (replica_id, seen_at) VALUES"
                    + " ('other-a:8080', now()), ('other-b:8080', now()), ('long-gone:8080', now() - interval '1 hour')");
            replicas.beat().await().indefinitely();
            assertEquals(3, replicas.count());
            // ceil(100 / 3), the bucket given its new share at its next request
            as(client).get("/widgets/count").then().statusCode(200).header("RateLimit-Policy", "\"triple\";q=34;w=1");
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM probe.guard_replica WHERE replica_id = 'long-gone:8080'"));
            assertEquals(1, TestDatabase.count("SELECT count(*) FROM probe.guard_replica WHERE replica_id = ?",
                    replicas.id()));
        } finally {
            TestDatabase.execute("DELETE FROM probe.guard_replica WHERE replica_id LIKE 'other-%'");
            replicas.beat().await().indefinitely();
        }
        assertEquals(1, replicas.count());
        as(client).get("/widgets/count").then().statusCode(200).header("RateLimit-Policy", "\"triple\";q=100;w=1");
    }

    @Test
    void everyAnswerCarriesTheLimitAndTheRequestOverItIs429InTheDialect() {
        String client = "limited-client";
        for (int remaining = 2; remaining >= 0; remaining--) {
            as(client).get("/widgets/count").then().statusCode(200)
                    .header("RateLimit-Policy", "\"triple\";q=3;w=10")
                    .header("RateLimit", "\"triple\";r=" + remaining + ";t=" + (remaining == 2 ? 4 : remaining == 1 ? 7 : 10));
        }
        Response refused = as(client).get("/widgets/count");
        refused.then().statusCode(429).body("status_code", equalTo(429))
                .header("RateLimit-Policy", "\"triple\";q=3;w=10");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 4, "Retry-After " + retryAfter);
        // the limit is the client's and the API's: the Citi paths of the same client have their own bucket
        as(client).header("Idempotency-Key", UUID.randomUUID().toString()).put("/citi/widgets/" + name()).then()
                .statusCode(200).header("RateLimit-Policy", "\"citi\";q=3;w=10");
        // and another client is not affected
        as(CLIENT).get("/widgets/count").then().statusCode(200).header("RateLimit-Policy", "\"triple\";q=100;w=1");
    }

    // ---- the guard's sessions --------------------------------------------------------------------------

    /**
     * The guard's pool is its own, its sessions named, and its batched statements planned once (a custom plan at every
     * execution took a quarter of the guard's PostgreSQL CPU, bench/results/idempotency.md).
     */
    @Test
    void theGuardsSessionsAreNamedAndUseOneGenericPlanPerStatement() {
        Row row = guardPool.query("SELECT current_setting('plan_cache_mode'), (SELECT source FROM pg_settings"
                + " WHERE name = 'synchronous_commit'), current_setting('application_name')").execute().await()
                .indefinitely().iterator().next();
        assertEquals("force_generic_plan", row.getString(0));
        // a kept answer is as durable as the write it answers (a crash must not let a retry run it again): the guard's
        // sessions do not set synchronous_commit themselves, the database's setting holds
        assertNotEquals("client", row.getString(1));
        assertTrue(row.getString(2).endsWith("-guard"), row.getString(2));
    }

    // ---- OpenAPI -----------------------------------------------------------------------------------------

    @Test
    void thePublishedDocumentDescribesTheHeaderAndTheAnswers() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/widgets'.post.parameters.name", hasItem("Idempotency-Key"))
                .body("paths.'/widgets'.post.responses.'409'.description", notNullValue())
                .body("paths.'/widgets'.post.responses.'422'.description", notNullValue())
                .body("paths.'/widgets'.post.responses.'429'.headers.'Retry-After'", notNullValue())
                .body("paths.'/widgets/count'.get.parameters", nullValue())
                .body("paths.'/widgets/count'.get.responses.'429'.description", notNullValue());
    }

    // ---- a key kept by its write's own statement (KeyInTheWrite) ----------------------------------------

    static Response save(String key, String body) {
        return as(CLIENT).header("Idempotency-Key", key).body(body).post("/widgets/saved");
    }

    static Map<String, Object> keyRow(String key) {
        List<Map<String, Object>> rows = TestDatabase.query("SELECT state, response_status, response_body,"
                + " fingerprint FROM probe.idempotency_key WHERE client_id = ? AND idempotency_key = ?", CLIENT, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void aWriteThatKeepsItsKeyIsReplayedWithTheBytesItSentAndRunsOnce() throws Exception {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        Response first = save(key, body);
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue()).contentType(ContentType.JSON)
                .body("saved", equalTo(true)).header("RateLimit", notNullValue());
        Map<String, Object> row = keyRow(key);
        assertNotNull(row, "the write's statement kept no key");
        assertEquals("DONE", row.get("state"));
        assertEquals(200, ((Number) row.get("response_status")).intValue());
        assertEquals(first.body().asString(), new String((byte[]) row.get("response_body"), StandardCharsets.UTF_8));
        assertEquals(fingerprint("POST", "/widgets/saved", body), HexFormat.of().formatHex((byte[]) row.get("fingerprint")));

        Response again = save(key, body);
        again.then().statusCode(200).header("Idempotent-Replayed", "true").contentType(ContentType.JSON)
                .header("RateLimit", notNullValue());
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(1, widgets(name));

        // another request with the key: 422 in the dialect, and its write rolled back
        String other = name();
        save(key, "{\"name\":\"" + other + "\"}").then().statusCode(422)
                .body("content.exception", equalTo("TripleUnprocessableEntity"));
        assertEquals(0, widgets(other));
        // the key of a write that keeps its own, used on a write whose key the guard keeps, and the other way round
        create(CLIENT, key, body).then().statusCode(422);
        String claimed = UUID.randomUUID().toString();
        create(CLIENT, claimed, "{\"name\":\"" + other + "\"}").then().statusCode(201);
        save(claimed, "{\"name\":\"" + other + "\"}").then().statusCode(422);
        assertEquals(1, widgets(other));
    }

    @Test
    void twoIdenticalWritesThatKeepTheirKeyAtOnceHaveOneEffectAndTheSecondIsReplayed() {
        String name = name();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"" + name + "\"}";
        // each holds its statement open for 300 ms after its insert: the second one's key row waits for the first's
        // commit, then fails on the unique key, which rolls its insert back
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> as(CLIENT).header("Idempotency-Key", key)
                .body(body).queryParam("holdMs", 300).post("/widgets/saved"));
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> as(CLIENT).header("Idempotency-Key", key)
                .body(body).queryParam("holdMs", 300).post("/widgets/saved"));
        List<Response> answers = List.of(a.join(), b.join());
        for (Response answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body().asString());
        }
        assertEquals(1, answers.stream().filter(r -> "true".equals(r.header("Idempotent-Replayed"))).count(),
                "one of the two is the replay");
        assertEquals(1, widgets(name));
    }

    @Test
    void aWriteThatKeepsItsKeyAndFailsKeepsNothingAndItsRepetitionRuns() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"refused\"}";
        save(key, body).then().statusCode(422).body("content.exception", equalTo("TripleUnprocessableEntity"));
        assertNull(keyRow(key), "a write that changed nothing kept its key");
        save(key, body).then().statusCode(422).header("Idempotent-Replayed", nullValue());
        String name = name();
        save(key, "{\"name\":\"" + name + "\"}").then().statusCode(200).header("Idempotent-Replayed", nullValue());
        assertEquals(1, widgets(name));
    }

    @Test
    void aWriteThatKeepsItsKeyCannotAnswerASecret() {
        String key = UUID.randomUUID().toString();
        as(CLIENT).header("Idempotency-Key", key).body("{\"name\":\"" + name() + "\"}").post("/widgets/saved-secret")
                .then().statusCode(500).body(org.hamcrest.Matchers.not(containsString("secret_")));
        assertNull(keyRow(key), "a secret was kept unsealed");
    }

    @Test
    void aKeyPastItsRetentionOrAnAbandonedClaimOfTheSameRequestIsFreedAndTheRetryRuns() throws Exception {
        String name = name();
        String body = "{\"name\":\"" + name + "\"}";
        String expired = UUID.randomUUID().toString();
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " response_status, expires_at) VALUES ('" + CLIENT + "', '" + expired + "', '\\x00',"
                + " gen_random_uuid(), 'DONE', 200, now() - interval '1 second')");
        save(expired, body).then().statusCode(409).header("Retry-After", "1");
        assertNull(keyRow(expired), "the expired key is still there");
        assertEquals(0, widgets(name));
        save(expired, body).then().statusCode(200).header("Idempotent-Replayed", nullValue());
        assertEquals(1, widgets(name));

        // a claim of this very request left by a replica that died (the guard claimed for this write before)
        String abandoned = UUID.randomUUID().toString();
        String other = name();
        String otherBody = "{\"name\":\"" + other + "\"}";
        insertClaim(abandoned, fingerprint("POST", "/widgets/saved", otherBody), "now() - interval '1 second'");
        save(abandoned, "{\"name\":\"" + other + "-not-the-same\"}").then().statusCode(422);
        save(abandoned, otherBody).then().statusCode(409).header("Retry-After", "1");
        save(abandoned, otherBody).then().statusCode(200).header("Idempotent-Replayed", nullValue());
        save(abandoned, otherBody).then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(1, widgets(other));
        // a claim still running is 409 and stays
        String running = UUID.randomUUID().toString();
        insertClaim(running, fingerprint("POST", "/widgets/saved", otherBody), "now() + interval '1 minute'");
        save(running, otherBody).then().statusCode(409).header("Retry-After", "1");
        assertEquals("IN_FLIGHT", keyRow(running).get("state"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static void awaitClaim(String key) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (TestDatabase.count("SELECT count(*) FROM probe.idempotency_key WHERE idempotency_key = ? AND "
                    + "state = 'IN_FLIGHT'", key) == 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first request never claimed its key");
    }

    static void insertClaim(String key, String fingerprintHex, String lockedUntil) {
        TestDatabase.execute("INSERT INTO probe.idempotency_key (client_id, idempotency_key, fingerprint, claim, state,"
                + " locked_until, expires_at) VALUES ('" + CLIENT + "', '" + key + "', '\\x" + fingerprintHex
                + "', gen_random_uuid(), 'IN_FLIGHT', " + lockedUntil + ", now() + interval '1 day')");
    }

    /** What the guard fingerprints, computed independently: SHA-256 of "METHOD\npath\nbody". */
    static String fingerprint(String method, String path, String body) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((method + "\n" + path + "\n" + body).getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(digest);
        assertNotEquals("", hex);
        return hex;
    }
}
