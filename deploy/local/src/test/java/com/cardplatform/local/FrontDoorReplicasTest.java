package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The front door over replicas ({@link BackendPool}) with stand-in services: round robin over the replicas in
 * rotation; a replica whose readiness is not 200 gets nothing until it is 200 again; a replica that refuses the
 * connection costs no request (it is tried on the next one, nothing was sent); a request sent to a replica that dies
 * under it is answered 502 and never sent again.
 */
class FrontDoorReplicasTest {

    static Path keyStoreDir;
    static LocalSecrets secrets;
    static HttpClient jdk;

    Vertx vertx;
    FrontDoor frontDoor;
    final List<BackendPool> pools = new ArrayList<>();
    int port;

    /** A stand-in replica: readiness as set, every other request counted and answered 201 (or dropped when dying). */
    static final class Replica {
        final AtomicInteger readiness = new AtomicInteger(200);
        final AtomicInteger served = new AtomicInteger();
        volatile boolean dying;
        HttpServer server;

        Replica listen(Vertx vertx) throws Exception {
            server = vertx.createHttpServer().requestHandler(req -> {
                if (req.path().equals("/q/health/ready")) {
                    req.response().setStatusCode(readiness.get()).end();
                    return;
                }
                req.body().onSuccess(b -> {
                    served.incrementAndGet();
                    if (dying) {
                        req.connection().close();
                    } else {
                        req.response().setStatusCode(201).end("{\"port\":" + server.actualPort() + "}");
                    }
                });
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return this;
        }

        int port() {
            return server.actualPort();
        }

        void close() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeAll
    static void keys() throws Exception {
        keyStoreDir = Files.createTempDirectory("front-door-replicas-test");
        secrets = new LocalSecrets(keyStoreDir);
        secrets.ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        jdk = SharedStack.client(secrets.certificate());
    }

    @AfterEach
    void stop() throws Exception {
        pools.forEach(BackendPool::close);
        frontDoor.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A front door whose rewards-account-service has these replicas (the other services do not listen). */
    void frontDoor(Replica... replicas) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, BackendPool> map = new LinkedHashMap<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            List<Integer> ports = new ArrayList<>();
            if (service.equals("rewards-account-service")) {
                for (Replica r : replicas) {
                    ports.add(r.port());
                }
            } else {
                ports.add(closed);
            }
            BackendPool pool = BackendPool.of(vertx, service, "127.0.0.1", ports);
            pools.add(pool);
            map.put(service, pool);
        }
        frontDoor = FrontDoor.withReplicas(vertx, IngressRoutingTest.ROUTES, map, false);
        port = frontDoor.listen("127.0.0.1", 0, secrets.keyStore(), secrets.keyStorePassword())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    BackendPool rewards() {
        return pools.stream().filter(p -> p.service().equals("rewards-account-service")).findFirst().orElseThrow();
    }

    HttpResponse<String> post() throws Exception {
        return jdk.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/partner/publishers"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"external_id\":\"x\",\"name\":\"y\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void awaitRotation(int replica, boolean in) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rewards().replicas().get(replica - 1).inRotation() != in) {
            assertTrue(System.nanoTime() < deadline, "replica " + replica + (in ? " in" : " out of") + " rotation");
            Thread.sleep(20);
        }
    }

    @Test
    void roundRobinOverTheReplicasInRotation() throws Exception {
        vertx = Vertx.vertx();
        Replica a = new Replica().listen(vertx);
        Replica b = new Replica().listen(vertx);
        frontDoor(a, b);
        awaitRotation(1, true);
        awaitRotation(2, true);
        for (int i = 0; i < 10; i++) {
            assertEquals(201, post().statusCode());
        }
        assertEquals(5, a.served.get());
        assertEquals(5, b.served.get());
    }

    @Test
    void aReplicaWhoseReadinessIsDownGetsNothingUntilItIsUpAgain() throws Exception {
        vertx = Vertx.vertx();
        Replica a = new Replica().listen(vertx);
        Replica b = new Replica().listen(vertx);
        frontDoor(a, b);
        awaitRotation(1, true);
        awaitRotation(2, true);
        b.readiness.set(503);
        awaitRotation(2, false);
        for (int i = 0; i < 6; i++) {
            assertEquals(201, post().statusCode());
        }
        assertEquals(0, b.served.get());
        b.readiness.set(200);
        awaitRotation(2, true);
        for (int i = 0; i < 6; i++) {
            assertEquals(201, post().statusCode());
        }
        assertEquals(3, b.served.get());
    }

    @Test
    void withNoReplicaInRotationEveryReplicaIsTriedAsASingleServiceWouldBe() throws Exception {
        vertx = Vertx.vertx();
        Replica a = new Replica().listen(vertx);
        Replica b = new Replica().listen(vertx);
        frontDoor(a, b);
        awaitRotation(1, true);
        awaitRotation(2, true);
        a.readiness.set(503); // e.g. the database is down: every replica says so, and answers for itself
        b.readiness.set(503);
        awaitRotation(1, false);
        awaitRotation(2, false);
        for (int i = 0; i < 4; i++) {
            assertEquals(201, post().statusCode());
        }
        assertEquals(4, a.served.get() + b.served.get());
    }

    @Test
    void aRefusedConnectionIsTriedOnTheNextReplicaAndTakesTheReplicaOutAtOnce() throws Exception {
        vertx = Vertx.vertx();
        Replica a = new Replica().listen(vertx);
        Replica b = new Replica().listen(vertx);
        frontDoor(a, b);
        awaitRotation(1, true);
        awaitRotation(2, true);
        b.close(); // gone, and still in rotation until a request or a poll finds out
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = post();
            assertEquals(201, r.statusCode(), r.body());
        }
        assertEquals(10, a.served.get());
        assertTrue(!rewards().replicas().get(1).inRotation());
    }

    @Test
    void aRequestSentToAReplicaThatDiesUnderItIsA502AndNotSentAgain() throws Exception {
        vertx = Vertx.vertx();
        Replica a = new Replica().listen(vertx);
        Replica b = new Replica().listen(vertx);
        b.dying = true;
        frontDoor(a, b);
        awaitRotation(1, true);
        awaitRotation(2, true);
        int created = 0;
        int failed = 0;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = post();
            if (r.statusCode() == 502) {
                failed++;
                assertEquals("{\"status\":502,\"error\":\"bad_gateway\",\"message\":\"The service of this API did not answer\"}",
                        r.body());
            } else {
                assertEquals(201, r.statusCode(), r.body());
                created++;
            }
        }
        assertTrue(failed >= 1, "the dying replica got a request");
        assertEquals(created, a.served.get(), "every 201 came from the healthy replica, no request was sent twice");
        assertEquals(failed, b.served.get(), "each failed request reached the dying replica once");
    }
}
