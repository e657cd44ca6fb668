package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.publisher;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick up *Bench): deliveries per second to a local Vert.x receiver, one endpoint,
 * one replica. Run: mvn -o verify -pl test-support,common-errors,notification-service
 * -Dtest=DeliveryThroughputBench -Dsurefire.failIfNoSpecifiedTests=false
 */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class DeliveryThroughputBench {

    @Test
    void deliveriesPerSecond() throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicInteger received = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
            received.incrementAndGet();
            request.response().setStatusCode(204).end();
        }));
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        String issuer = newIssuer();
        int batches = Integer.getInteger("bench.batches", 20);
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(cardStatus(UUID.randomUUID(), issuer, "CARD-" + b + "-" + i, i));
            }
            bodies.add(Notify.events(events));
        }
        int total = batches * 500;
        long start = System.nanoTime();
        for (String body : bodies) {
            publisher().body(body).post("/internal/events").then().statusCode(202);
        }
        long ingested = System.nanoTime();
        // deliveries alone: the endpoint subscribes after the events are stored, its rows are added in one go
        String endpoint = Notify.endpoint(issuer, "http://localhost:" + port + "/bench", "card.status.changed")
                .get("id");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long deliverStart = System.nanoTime();
        TestDatabase.execute("INSERT INTO notify.deliveries (event_id, endpoint_id) SELECT event_id, '" + endpoint
                + "' FROM notify.events WHERE tenant = 'issuer:" + issuer + "'");
        while (TestDatabase.count("SELECT count(*) FROM notify.deliveries d JOIN notify.events e USING (event_id)"
                + " WHERE e.tenant = 'issuer:" + issuer + "' AND d.status = 'DELIVERED'") < total) {
            Thread.sleep(50);
        }
        long done = System.nanoTime();
        double ingest = (ingested - start) / 1e9;
        double seconds = (done - deliverStart) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf("BENCH ingest %d events in %.2f s (%.0f events/s); delivered %d in %.2f s: %.0f"
                + " deliveries/s wall, service JVM CPU %.2f s (%.0f deliveries per CPU-second, receiver included);"
                + " receiver saw %d; load average %.1f%n", total, ingest, total / ingest, total, seconds,
                total / seconds, cpu, total / cpu, received.get(), os.getSystemLoadAverage());
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
