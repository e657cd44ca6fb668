import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The partner of bench/notifications.sh: a Standard Webhooks receiver (JDK HttpServer, a thread pool) that
 * verifies every delivery's signature, counts deliveries and records per delivery the latency
 * receive time - the event's "timestamp" (its occurred_at, set in the committing transaction).
 *
 *   java BenchReceiver.java <port> <secrets-dir> [threads]
 *
 * POST /hook/{name}: a delivery for the endpoint whose secret (whsec_...) is in {secrets-dir}/{name}; 204 when the
 *                    signature verifies, 401 otherwise (and then counted as bad; the service retries it).
 * GET  /stats        one line: count distinct bad first_ms last_ms p50_ms p99_ms max_ms (since the last reset)
 * POST /reset[?only=text] starts a new phase (counts and latencies cleared); with "only", a delivery whose body
 *                    does not contain the text is acknowledged and counted as "other" only (e.g. a warm-up's late
 *                    events), GET /stats then ends with that count
 * POST /internal/events  a stand-in for notification-service's intake (the "cost" phase: a service's relay sends
 *                    here, so that what the API pays for its events is measured without the delivery work on the same
 *                    cores): reads the batch, counts its events, answers 202; nothing is verified or delivered
 * GET  /sunk         the number of events taken by /internal/events since the start
 * Prints, every second with deliveries, the deliveries of that second.
 */
public class BenchReceiver {
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    private static Path secrets;
    private static final Map<String, byte[]> KEYS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try { return Mac.getInstance("HmacSHA256"); } catch (Exception e) { throw new IllegalStateException(e); }
    });

    // one phase's figures
    private static final Object LOCK = new Object();
    private static long[] latencies = new long[1 << 16];
    private static int n;
    private static long first, last, bad, other;
    private static volatile byte[] only;
    private static Set<String> ids = ConcurrentHashMap.newKeySet();
    private static final AtomicLong secondCount = new AtomicLong();
    private static final AtomicLong SUNK = new AtomicLong();
    private static final Pattern EVENT = Pattern.compile("\"tenant\":");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        secrets = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/hook/", BenchReceiver::delivery);
        server.createContext("/stats", BenchReceiver::stats);
        server.createContext("/reset", BenchReceiver::reset);
        server.createContext("/internal/events", BenchReceiver::sink);
        server.createContext("/sunk", ex -> answer(ex, 200, Long.toString(SUNK.get())));
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        System.out.println("receiver listening on " + port + " with " + threads + " threads");
        Thread ticker = new Thread(() -> {
            while (true) {
                try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
                long c = secondCount.getAndSet(0);
                if (c > 0) System.out.println(Instant.now() + " " + c + " deliveries/s");
            }
        });
        ticker.setDaemon(true);
        ticker.start();
    }

    private static void sink(HttpExchange ex) throws IOException {
        String batch;
        try (InputStream in = ex.getRequestBody()) {
            batch = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long events = EVENT.matcher(batch).results().count();
        SUNK.addAndGet(events);
        answer(ex, 202, "{\"accepted\":" + events + "}");
    }

    private static void delivery(HttpExchange ex) throws IOException {
        long now = System.currentTimeMillis();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) { body = in.readAllBytes(); }
        String name = ex.getRequestURI().getPath().substring("/hook/".length());
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
        String sig = ex.getRequestHeaders().getFirst("webhook-signature");
        boolean ok = id != null && ts != null && sig != null && verify(name, id, ts, body, sig, now);
        if (!ok) {
            synchronized (LOCK) { bad++; }
            answer(ex, 401, "");
            return;
        }
        byte[] filter = only;
        if (filter != null && !contains(body, filter)) {
            synchronized (LOCK) { other++; }
            answer(ex, 204, null);
            return;
        }
        long latency = -1;
        Matcher m = TIMESTAMP.matcher(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8));
        if (m.find()) latency = now - Instant.parse(m.group(1)).toEpochMilli();
        synchronized (LOCK) {
            if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
            latencies[n++] = latency;
            if (first == 0) first = now;
            last = now;
        }
        ids.add(id);
        secondCount.incrementAndGet();
        answer(ex, 204, null);
    }

    private static boolean verify(String name, String id, String ts, byte[] body, String header, long now) {
        try {
            if (Math.abs(now / 1000 - Long.parseLong(ts)) > 300) return false;
            byte[] key = KEYS.computeIfAbsent(name, k -> {
                try {
                    String secret = Files.readString(secrets.resolve(k)).trim();
                    return Base64.getDecoder().decode(secret.substring("whsec_".length()));
                } catch (IOException e) {
                    return null;
                }
            });
            if (key == null) return false;
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static void stats(HttpExchange ex) throws IOException {
        String line;
        synchronized (LOCK) {
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            line = n + " " + ids.size() + " " + bad + " " + first + " " + last + " "
                    + pct(sorted, 0.50) + " " + pct(sorted, 0.99) + " " + (n == 0 ? -1 : sorted[n - 1]) + " " + other;
        }
        answer(ex, 200, line + "\n");
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void reset(HttpExchange ex) throws IOException {
        synchronized (LOCK) {
            latencies = new long[1 << 16];
            n = 0; first = 0; last = 0; bad = 0; other = 0;
            String q = ex.getRequestURI().getRawQuery();
            only = q != null && q.startsWith("only=")
                    ? java.net.URLDecoder.decode(q.substring(5), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)
                    : null;
            ids = ConcurrentHashMap.newKeySet();
        }
        answer(ex, 200, "reset\n");
    }

    private static boolean contains(byte[] body, byte[] text) {
        outer:
        for (int i = 0; i + text.length <= body.length; i++) {
            for (int j = 0; j < text.length; j++) if (body[i + j] != text[j]) continue outer;
            return true;
        }
        return false;
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
        if (text == null || text.isEmpty()) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) { out.write(b); }
        }
        ex.close();
    }
}
