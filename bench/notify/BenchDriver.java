import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load drivers of bench/notifications.sh (JDK only: java.net.http).
 *
 *   java BenchDriver.java publish <base-url> <token> <batches> <concurrency> <tenant> <type>
 *       POST {base}/internal/events, batches of 500 new events (occurredAt = now), <concurrency> in flight;
 *       prints the accepted events per second of the whole run (ingest rate)
 *   java BenchDriver.java rate <base-url> <token> <per-second> <seconds> <run-id>
 *       Triple POST {base}/partner/publishers (a new publisher each) at a fixed rate, one request started every
 *       1/rate s whatever the answers (open loop); prints requests sent, 2xx, others, achieved rate
 */
public class BenchDriver {
    public static void main(String[] a) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        switch (a[0]) {
            case "publish" -> publish(http, a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), a[5], a[6]);
            case "rate" -> rate(http, a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), a[5]);
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void publish(HttpClient http, String base, String token, int batches, int concurrency, String tenant,
            String type) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong accepted = new AtomicLong(), failed = new AtomicLong();
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            inFlight.acquire();
            StringBuilder body = new StringBuilder(500 * 300).append("{\"events\":[");
            String now = Instant.now().toString();
            for (int i = 0; i < 500; i++) {
                String id = UUID.randomUUID().toString();
                if (i > 0) body.append(',');
                body.append("{\"id\":\"").append(id).append("\",\"type\":\"").append(type)
                        .append("\",\"tenant\":\"").append(tenant).append("\",\"entityId\":\"bench-").append(id)
                        .append("\",\"sequence\":").append(b * 500L + i + 1).append(",\"occurredAt\":\"").append(now)
                        .append("\",\"correlationId\":\"bench-publish\",\"data\":{\"id\":\"bench-").append(id)
                        .append("\",\"name\":\"Bench publisher\"}}");
            }
            body.append("]}");
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/internal/events"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("x-correlation-id", "bench-publish-" + b).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 202) accepted.addAndGet(500);
                else {
                    failed.incrementAndGet();
                    System.err.println("publish: " + (e != null ? e : r.statusCode() + " " + r.body()));
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("published %d events in %.1f s: %.0f events/s ingested, %d failed requests%n",
                accepted.get(), s, accepted.get() / s, failed.get());
    }

    static void rate(HttpClient http, String base, String token, int perSecond, int seconds, String run)
            throws Exception {
        AtomicLong sent = new AtomicLong(), ok = new AtomicLong(), other = new AtomicLong();
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long total = (long) perSecond * seconds;
        long periodNanos = 1_000_000_000L / perSecond;
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong finished = new AtomicLong(), lastSent = new AtomicLong();
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            long n = sent.incrementAndGet();
            if (n > total) {
                sent.decrementAndGet();
                return;
            }
            if (n == total) lastSent.set(System.nanoTime());
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/partner/publishers"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("x-correlation-id", "bench-rate-" + run + "-" + n).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"external_id\":\"br-" + run + "-" + n + "\",\"name\":\"Bench publisher\"}"))
                    .build();
            long t0 = System.nanoTime();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                micros.add((System.nanoTime() - t0) / 1000);
                if (e == null && r.statusCode() / 100 == 2) ok.incrementAndGet();
                else {
                    if (other.incrementAndGet() <= 3) System.err.println("rate: " + (e != null ? e : r.statusCode() + " " + r.body()));
                }
                if (finished.incrementAndGet() == total) done.complete(null);
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.get(seconds + 60L, TimeUnit.SECONDS);
        timer.shutdownNow();
        double s = (System.nanoTime() - start) / 1e9;
        long[] l = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        double sending = (lastSent.get() - start) / 1e9;
        System.out.printf("sent %d writes in %.1f s (%.1f/s started), all answered after %.1f s: %d 2xx, %d other;"
                + " API latency p50 %.1f ms, p99 %.1f ms%n", sent.get(), sending, sent.get() / sending, s, ok.get(), other.get(),
                l[l.length / 2] / 1000.0, l[Math.max(0, (int) Math.ceil(l.length * 0.99) - 1)] / 1000.0);
    }
}
