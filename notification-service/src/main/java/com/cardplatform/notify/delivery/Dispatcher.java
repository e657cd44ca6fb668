package com.cardplatform.notify.delivery;

import com.cardplatform.notify.config.NotifyConfig;
import com.cardplatform.notify.crypto.SecretBox;
import com.cardplatform.notify.crypto.WebhookSigner;
import com.cardplatform.notify.repository.Claimed;
import com.cardplatform.notify.repository.DeliveryStore;
import com.cardplatform.notify.repository.Result;
import com.cardplatform.runtime.observability.Traceparent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The delivery engine, on every replica: claim due deliveries (a batch, SKIP LOCKED, a lease), send them
 * concurrently (bounded per destination and per replica), record every outcome in one statement, repeat while
 * there is more. Runs when this replica ingested events (right away: low latency) and every second (the rest:
 * retries, other replicas' events, expired leases).
 *
 * <p>Two wire formats: Standard Webhooks (one request per event and endpoint, signed) and D1 Notify Card
 * Operations (the issuer's due deliveries batched up to its {@code maxOperations}).</p>
 */
@ApplicationScoped
public class Dispatcher {

    static final String D1_PATH = "/notifications/d1/v2/issuers/";
    /**
     * The end of a claim's lease that is kept for recording its outcomes: no request starts later than the lease's
     * end minus this and the request timeout, so that every outcome is recorded before another claim can take the
     * delivery (which would send it a second time).
     */
    static final Duration RECORD_MARGIN = Duration.ofSeconds(2);
    private static final Pattern CORRELATION = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final DeliveryStore store;
    private final SafeHttp http;
    private final IssuerTokens tokens;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final NotifyConfig config;
    private final Vertx vertx;
    private final List<Duration> schedule;
    private final Counter delivered;
    private final Counter retried;
    private final Counter gaveUp;
    private final Counter paused;
    private final Counter deferred;
    private final AtomicLong pendingBacklog = new AtomicLong();
    private final AtomicLong failingBacklog = new AtomicLong();

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;

    public Dispatcher(DeliveryStore store, SafeHttp http, IssuerTokens tokens, SecretBox secrets, ObjectMapper json,
            NotifyConfig config, MeterRegistry registry, Vertx vertx) {
        this.vertx = vertx;
        this.store = store;
        this.http = http;
        this.tokens = tokens;
        this.secrets = secrets;
        this.json = json;
        this.config = config;
        this.schedule = config.retry().schedule();
        this.delivered = outcome(registry, "delivered");
        this.retried = outcome(registry, "retry");
        this.gaveUp = outcome(registry, "gave_up");
        this.paused = outcome(registry, "paused");
        this.deferred = outcome(registry, "deferred");
        Duration needed = config.dispatch().timeout().plus(RECORD_MARGIN);
        if (config.dispatch().lease().compareTo(needed) <= 0) {
            throw new IllegalStateException("platform.notify.dispatch.lease (" + config.dispatch().lease()
                    + ") must be longer than platform.notify.dispatch.timeout (" + config.dispatch().timeout()
                    + ") plus " + RECORD_MARGIN.toSeconds() + " s: a claim must outlast one attempt and its record");
        }
        registry.gauge("notify.backlog.pending", pendingBacklog);
        registry.gauge("notify.backlog.failing", failingBacklog);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("notify.deliveries").description("Delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    @Scheduled(every = "${platform.notify.dispatch.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        kick();
    }

    /** Deliveries may be due: drain them now (a kick during a drain makes it go on). */
    public void kick() {
        again.set(true);
        startLoop();
    }

    /**
     * Starts one more drain loop if fewer than {@code loops} run. Under a backlog (full batches) a second loop
     * claims and records its batch while the first one's requests are in flight, so the sends never wait for
     * the database round trips.
     */
    private void startLoop() {
        while (!stopped) {
            int n = active.get();
            if (n >= config.dispatch().loops()) {
                return;
            }
            if (active.compareAndSet(n, n + 1)) {
                loop();
                return;
            }
        }
    }

    private void loop() {
        again.set(false);
        cycle().subscribe().with(claimed -> {
            if (!stopped && claimed >= config.dispatch().batchSize()) {
                startLoop();
                loop();
            } else if (!stopped && again.get()) {
                loop();
            } else {
                active.decrementAndGet();
                if (again.get()) {
                    startLoop();
                }
            }
        }, failure -> {
            // the database is away, most likely: the next poll tries again
            Log.warnf("Delivery cycle failed: %s", failure.getClass().getSimpleName());
            active.decrementAndGet();
        });
    }

    /** One batch: claim, send, record. The number claimed. */
    public Uni<Integer> cycle() {
        Instant now = Instant.now();
        Instant leaseUntil = now.plus(config.dispatch().lease());
        Instant lastStart = leaseUntil.minus(config.dispatch().timeout()).minus(RECORD_MARGIN);
        return store.claim(now, leaseUntil, config.dispatch().batchSize())
                .onItem().transformToUni(claims -> claims.isEmpty() ? Uni.createFrom().item(0)
                        : deliver(claims, lastStart).replaceWith(claims.size()));
    }

    /**
     * Sends the batch's deliveries, at most {@code perDestination} at a time to one destination; a delivery whose
     * turn comes after {@code lastStart} (a slow destination with many due) is not sent but handed back, due at once.
     */
    private Uni<Void> deliver(List<Claimed> claims, Instant lastStart) {
        Map<String, List<Claimed>> byDestination = new LinkedHashMap<>();
        for (Claimed c : claims) {
            byDestination.computeIfAbsent(c.webhook() ? c.endpointId().toString() : "issuer:" + c.issuerId(),
                    k -> new ArrayList<>()).add(c);
        }
        int perDestination = Math.max(1, config.dispatch().perDestinationConcurrency());
        int destinations = Math.max(1, config.dispatch().concurrency() / perDestination);
        return Multi.createFrom().iterable(byDestination.values())
                .onItem().transformToUni(group -> group.get(0).webhook()
                        ? sendWebhooks(group, perDestination, lastStart) : sendD1(group, perDestination, lastStart))
                .merge(destinations)
                .collect().in(ArrayList<Result>::new, List::addAll)
                .onItem().transformToUni(results -> store.record(results)
                        .chain(() -> recordHealth(claims, results))
                        .invoke(() -> count(results)));
    }

    // ---- Standard Webhooks -----------------------------------------------------------------------------

    private Uni<List<Result>> sendWebhooks(List<Claimed> group, int concurrency, Instant lastStart) {
        return Multi.createFrom().iterable(group)
                .onItem().transformToUni(c -> sendWebhook(c, lastStart)).merge(concurrency)
                .collect().asList();
    }

    private Uni<Result> sendWebhook(Claimed c, Instant lastStart) {
        Instant now = Instant.now();
        if (!c.destinationEnabled()) {
            return Uni.createFrom().item(pausedResult(c, now));
        }
        if (now.isAfter(lastStart)) {
            return Uni.createFrom().item(deferredResult(c, now));
        }
        byte[] body;
        Map<String, String> headers;
        try {
            body = webhookBody(c);
            headers = signedHeaders(c, now, body);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(result(c, now, Outcome.failed(0, "not sent: " + e.getMessage())));
        }
        // in the trace of the request that caused the event: the attempt is a span of it, and the receiver gets its
        // traceparent
        return Traceparent.inTraceOf(c.traceparent(), vertx, () -> http.post(c.url(), headers, body))
                .map(outcome -> result(c, now, outcome));
    }

    /** {@code {"type","timestamp","data"}}: data is the event's data with its entityId and sequence. */
    byte[] webhookBody(Claimed c) {
        try {
            JsonNode parsed = json.readTree(c.dataJson());
            ObjectNode data = parsed instanceof ObjectNode object ? object : json.createObjectNode();
            data.put("entityId", c.entityId());
            data.put("sequence", c.sequence());
            ObjectNode envelope = json.createObjectNode();
            envelope.put("type", c.type());
            envelope.put("timestamp", c.occurredAt().toString());
            envelope.set("data", data);
            return json.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is not JSON");
        }
    }

    private Map<String, String> signedHeaders(Claimed c, Instant now, byte[] body) {
        String id = c.eventId().toString();
        long timestamp = now.getEpochSecond();
        String bound = "endpoint:" + c.endpointId();
        String signature = WebhookSigner.sign(WebhookSigner.keyOf(secrets.openText(c.secret(), bound)), id,
                timestamp, body);
        if (c.previousSecret() != null && c.previousSecretUntil() != null && now.isBefore(c.previousSecretUntil())) {
            // during a rotation both keys sign: the receiver may still hold either one
            signature = signature + " " + WebhookSigner.sign(
                    WebhookSigner.keyOf(secrets.openText(c.previousSecret(), bound)), id, timestamp, body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "card-platform-webhooks/1");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    // ---- D1 Notify Card Operations ----------------------------------------------------------------------

    private Uni<List<Result>> sendD1(List<Claimed> group, int concurrency, Instant lastStart) {
        Claimed first = group.get(0);
        Instant now = Instant.now();
        if (!first.destinationEnabled()) {
            return Uni.createFrom().item(group.stream().map(c -> pausedResult(c, now)).toList());
        }
        int size = Math.max(1, first.maxOperations());
        List<List<Claimed>> chunks = new ArrayList<>();
        for (int i = 0; i < group.size(); i += size) {
            chunks.add(group.subList(i, Math.min(group.size(), i + size)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUni(chunk -> sendD1Chunk(chunk, lastStart)).merge(concurrency)
                .collect().in(ArrayList<Result>::new, List::addAll);
    }

    private Uni<List<Result>> sendD1Chunk(List<Claimed> chunk, Instant lastStart) {
        Claimed first = chunk.get(0);
        Instant now = Instant.now();
        if (now.isAfter(lastStart)) {
            return Uni.createFrom().item(chunk.stream().map(c -> deferredResult(c, now)).toList());
        }
        byte[] body;
        try {
            body = d1Body(chunk);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(results(chunk, now, Outcome.failed(0, "not sent: " + e.getMessage())));
        }
        String correlation = chunk.stream().map(Claimed::correlationId)
                .filter(id -> id != null && CORRELATION.matcher(id).matches()).findFirst()
                .orElse(UUID.randomUUID().toString());
        String url = stripSlash(first.baseUrl()) + D1_PATH
                + URLEncoder.encode(first.issuerId(), StandardCharsets.UTF_8) + "/cards";
        Uni<String> authorization = first.tokenUrl() == null || first.tokenUrl().isBlank()
                // deferred: a token request that cannot even start (a secret that no longer decrypts) is this
                // chunk's failed attempt, not the whole batch's
                ? Uni.createFrom().nullItem() : Uni.createFrom().deferred(() -> tokens.authorization(first));
        return authorization
                .onItem().transformToUni(bearer -> {
                    if (Instant.now().isAfter(lastStart)) {
                        // the issuer's token took the time the callback needed: the chunk goes with the next claim
                        return Uni.createFrom().<Outcome>nullItem();
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Content-Type", "application/json");
                    headers.put("x-correlation-id", correlation);
                    if (bearer != null) {
                        headers.put("Authorization", bearer);
                    }
                    // in the trace of the chunk's first event, whose correlation id it carries too
                    return Traceparent.inTraceOf(first.traceparent(), vertx, () -> http.post(url, headers, body));
                })
                .onFailure().recoverWithItem(e -> Outcome.failed(0, e instanceof IssuerTokens.TokenFailure
                        ? e.getMessage() : SafeHttp.describe(e)))
                .invoke(outcome -> {
                    if (outcome != null && outcome.statusCode() != null && outcome.statusCode() == 401) {
                        tokens.invalidate(first.issuerId());
                    }
                })
                .map(outcome -> outcome == null ? chunk.stream().map(c -> deferredResult(c, Instant.now())).toList()
                        : results(chunk, now, outcome));
    }

    /** D1's Notify Card Operations body: {@code {"operations":[...]}}, each the event's operation with its cardId. */
    byte[] d1Body(List<Claimed> chunk) {
        try {
            ArrayNode operations = json.createArrayNode();
            for (Claimed c : chunk) {
                JsonNode data = json.readTree(c.dataJson());
                JsonNode operation = data.path("operation");
                ObjectNode item = operation instanceof ObjectNode object ? object.deepCopy() : json.createObjectNode();
                if (!item.has("cardId") && data.hasNonNull("cardId")) {
                    item.set("cardId", data.get("cardId"));
                }
                operations.add(item);
            }
            ObjectNode body = json.createObjectNode();
            body.set("operations", operations);
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is not JSON");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---- outcomes -------------------------------------------------------------------------------------------

    private List<Result> results(List<Claimed> chunk, Instant now, Outcome outcome) {
        return chunk.stream().map(c -> result(c, now, outcome)).toList();
    }

    private Result result(Claimed c, Instant attemptedAt, Outcome outcome) {
        if (outcome.acknowledged()) {
            return new Result(c.deliveryId(), "DELIVERED", attemptedAt, attemptedAt, true, outcome.statusCode(),
                    outcome.latencyMs(), outcome.response(), null, c.attempts());
        }
        String error = outcome.error() != null ? outcome.error() : "HTTP " + outcome.statusCode();
        Instant next = nextAttempt(c.attempts(), attemptedAt);
        boolean giveUp = next.isAfter(c.createdAt().plus(config.retry().giveUpAfter()));
        return new Result(c.deliveryId(), giveUp ? "FAILED" : "PENDING", attemptedAt, giveUp ? attemptedAt : next,
                true, outcome.statusCode(), outcome.latencyMs(), outcome.response(), error, c.attempts());
    }

    private static Result pausedResult(Claimed c, Instant now) {
        return new Result(c.deliveryId(), "PAUSED", now, now, false, null, 0, null, "destination disabled",
                c.attempts());
    }

    /** Not sent: the claim's lease leaves no time for a request; due again at once, its attempt not counted. */
    private static Result deferredResult(Claimed c, Instant now) {
        return new Result(c.deliveryId(), "PENDING", now, now, false, null, 0, null,
                "not sent: the claim's lease ran out before its turn", c.attempts());
    }

    /** After the {@code attempts}-th attempt failed: the schedule's next delay, spread by the jitter. */
    Instant nextAttempt(int attempts, Instant failedAt) {
        Duration delay = schedule.get(Math.min(Math.max(attempts, 0), schedule.size() - 1));
        double spread = config.retry().jitter();
        double factor = 1 + spread * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return failedAt.plusMillis((long) (delay.toMillis() * factor));
    }

    private Uni<Void> recordHealth(List<Claimed> claims, List<Result> results) {
        Map<Long, Claimed> byId = new LinkedHashMap<>();
        claims.forEach(c -> byId.put(c.deliveryId(), c));
        Map<UUID, Boolean> ok = new LinkedHashMap<>();
        Map<UUID, Instant> at = new LinkedHashMap<>();
        for (Result r : results) {
            Claimed c = byId.get(r.deliveryId());
            if (c == null || !c.webhook() || !r.attempted()) {
                continue;
            }
            ok.merge(c.endpointId(), "DELIVERED".equals(r.status()), Boolean::logicalOr);
            at.merge(c.endpointId(), r.attemptedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<UUID> ids = new ArrayList<>(ok.keySet());
        return store.endpointHealth(ids, ids.stream().map(ok::get).toList(), ids.stream().map(at::get).toList());
    }

    private void count(List<Result> results) {
        for (Result r : results) {
            if (r.deferred()) {
                deferred.increment();
                continue;
            }
            switch (r.status()) {
                case "DELIVERED" -> delivered.increment();
                case "FAILED" -> gaveUp.increment();
                case "PAUSED" -> paused.increment();
                default -> retried.increment();
            }
        }
    }

    // ---- maintenance ----------------------------------------------------------------------------------------

    @Scheduled(every = "${platform.notify.maintenance.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintenance() {
        return disableFailingEndpoints()
                .chain(this::purgeHistory)
                .chain(this::refreshBacklog)
                .onFailure().invoke(e -> Log.warnf("Notification maintenance failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Disables endpoints failing continuously for {@code platform.notify.disable-after}; the number disabled. */
    public Uni<Long> disableFailingEndpoints() {
        Instant now = Instant.now();
        return store.disableFailing(now, now.minus(config.disableAfter())).invoke(n -> {
            if (n > 0) {
                Log.infof("Disabled %d webhook endpoint(s) failing for more than %s", n, config.disableAfter());
                kick();
            }
        });
    }

    /**
     * Events older than {@code platform.notify.retention} (the API shows 30 days) are deleted with their
     * deliveries and attempts, at most 10,000 per run.
     */
    public Uni<Integer> purgeHistory() {
        return store.purge(Instant.now().minus(config.retention()), 10_000);
    }

    public Uni<Void> refreshBacklog() {
        return store.backlog().invoke(counts -> {
            pendingBacklog.set(counts[0]);
            failingBacklog.set(counts[1]);
        }).replaceWithVoid();
    }
}
