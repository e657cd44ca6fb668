package com.cardplatform.events.relay;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.events.EventsConfig;
import com.cardplatform.events.tokens.ServiceTokenException;
import com.cardplatform.events.tokens.ServiceTokens;
import com.cardplatform.events.relay.OutboxRepository.OutboxClaim;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands the outbox to notification-service, at least once: on every replica, every
 * {@code platform.events.relay.every}, claims due events (deleted in a transaction held open, {@code SKIP LOCKED}),
 * renders them, sends them in one request and commits once notification-service answered 2xx. On any failure the
 * claim rolls back and nothing is lost: the relay pauses ({@code lease}, doubled per failure in a row, at most
 * {@code max-lease}) and sends the events again; an event that cannot be rendered waits for a backoff of its own.
 * Keeps going while full batches come back, so a backlog drains at the speed of notification-service rather than one
 * batch per tick, with up to {@code platform.events.relay.concurrency} runs at once.
 *
 * <p>Non-blocking: the reactive PostgreSQL client and the reactive REST client, on the timer's event loop.
 */
@ApplicationScoped
public class OutboxRelay {

    /** notification-service takes at most this many events per request. */
    public static final int MAX_BATCH = 500;

    private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

    private final EventsConfig config;
    private final OutboxRepository outbox;
    private final EventRenderers renderers;
    private final EventSinkApi sink;
    private final ServiceTokens tokens;
    private final int batchSize;
    private final Counter relayed;
    private final MeterRegistry meters;
    private final AtomicLong backlog = new AtomicLong();

    private final Vertx vertx;
    private final int concurrency;
    /** Relay runs going on; at most {@link #concurrency}. */
    private final AtomicInteger runs = new AtomicInteger();
    private volatile long timer = -1;
    /** Batches not accepted in a row, and until when (System.nanoTime) the relay claims nothing: {@link #pause()}. */
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long pausedUntil;
    private final long leaseMillis;
    private final long maxLeaseMillis;

    public OutboxRelay(EventsConfig config, OutboxRepository outbox, EventRenderers renderers, MeterRegistry meters,
            Vertx vertx, TlsConfigurationRegistry tlsRegistry) {
        this.vertx = vertx;
        this.config = config;
        this.outbox = outbox;
        this.renderers = renderers;
        this.meters = meters;
        this.batchSize = Math.max(1, Math.min(MAX_BATCH, config.relay().batchSize()));
        this.concurrency = config.relay().concurrency();
        this.leaseMillis = Math.max(1, config.relay().lease().toMillis());
        this.maxLeaseMillis = Math.max(leaseMillis, config.relay().maxLease().toMillis());
        if (concurrency < 1 || concurrency > 8) {
            throw new IllegalStateException("platform.events.relay.concurrency must be between 1 and 8, not "
                    + concurrency);
        }
        // "http://host/" and "http://host" name the same service: the intake path is appended to either
        String sinkUrl = config.sinkUrl().map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", "")).orElse(null);
        long timeout = config.relay().timeout().toMillis();
        // the cluster's internal CA where the hops are https (the prod overlay's "internal" TLS configuration)
        TlsConfiguration tls = config.tlsConfigurationName().map(name -> tlsRegistry.get(name).orElseThrow(() ->
                new IllegalStateException("platform.events.tls-configuration-name names \"" + name + "\", which is not "
                        + "a TLS configuration (quarkus.tls." + name + ".*)"))).orElse(null);
        QuarkusRestClientBuilder sinkBuilder = QuarkusRestClientBuilder.newBuilder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS);
        if (tls != null) {
            sinkBuilder.tlsConfiguration(tls);
        }
        this.sink = sinkUrl == null ? null : sinkBuilder.baseUri(URI.create(sinkUrl)).build(EventSinkApi.class);
        this.tokens = sinkUrl == null ? null : new ServiceTokens(new ServiceTokens.Settings(
                URI.create(config.tokenUrl()), config.clientId().orElse(null), config.clientSecret().orElse(null),
                config.scope(), config.tokenRenewBefore(), config.relay().timeout()), tls, Clock.systemUTC());
        this.relayed = Counter.builder("platform.events.relayed")
                .description("Events notification-service accepted (then deleted from the outbox)")
                .register(meters);
        Gauge.builder("platform.events.outbox.backlog", backlog, AtomicLong::doubleValue)
                .description("Events in the outbox, waiting to be relayed (refreshed every relay.backlog-every)")
                .register(meters);
    }

    /** Said once at start, rather than discovered when notification-service misses events. */
    void announce(@Observes StartupEvent event) {
        if (sink == null) {
            String message = "platform.events.sink-url is empty: the event relay is off and events accumulate in "
                    + config.schema() + ".outbox_event";
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                Log.warn(message);
            } else {
                Log.info(message);
            }
        } else if (!tokens.configured()) {
            Log.warn("platform.events.client-id or client-secret is not set: the event relay cannot authenticate "
                    + "and events accumulate in " + config.schema() + ".outbox_event");
        } else {
            Log.infof("Relaying events of %s.outbox_event to notification-service every %s, %d per request",
                    config.schema(), config.relay().every(), batchSize);
            long every = Math.max(10, config.relay().every().toMillis());
            timer = vertx.setPeriodic(every, every, id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * One timer tick: a relay run, unless {@code concurrency} runs are going on. A run drains a backlog batch after
     * batch; a run still going at the next tick is joined by another, so that the next batch is claimed and rendered
     * while the previous one is on the wire. Each claims its own rows ({@code SKIP LOCKED}).
     */
    private void tick() {
        int going;
        do {
            going = runs.get();
            if (going >= concurrency) {
                return;
            }
        } while (!runs.compareAndSet(going, going + 1));
        relay().subscribe().with(done -> runs.decrementAndGet(), failure -> {
            runs.decrementAndGet();
            Log.warnf("Event relay run failed: %s", failure.getClass().getSimpleName());
        });
    }

    /** Whether the relay sends anything (a sink URL and client credentials are configured). */
    public boolean enabled() {
        return sink != null && tokens.configured();
    }

    /**
     * Relays every due event, batch after batch, until a batch is not full or not accepted (timer ticks and tests
     * call it); nothing during the pause after a batch that was not accepted.
     */
    public Uni<Void> relay() {
        if (sink == null || !tokens.configured() || paused()) {
            // off, or unable to authenticate (both said at start), or pausing after a refused batch
            return Uni.createFrom().voidItem();
        }
        return relayBatch().chain(full -> full ? relay() : Uni.createFrom().voidItem());
    }

    @Scheduled(identity = "platform-events-backlog", every = "${platform.events.relay.backlog-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshBacklog() {
        return outbox.backlog()
                .invoke(backlog::set)
                .onFailure().invoke(e -> Log.debugf("Outbox backlog not refreshed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One batch; true when it was full and delivered (there may be more due now). */
    private Uni<Boolean> relayBatch() {
        return outbox.claim(batchSize).chain(claim -> claim.rows().isEmpty() ? Uni.createFrom().item(false)
                : deliver(claim).onFailure().recoverWithUni(e -> {
                    // not expected (every step recovers): whatever it was, the claim ends and its rows come back
                    Log.warnf("Event relay batch failed: %s; its %d events are due again", e.getClass().getSimpleName(),
                            claim.rows().size());
                    return claim.notSent(List.of()).replaceWith(false);
                }));
    }

    private Uni<Boolean> deliver(OutboxClaim claim) {
        List<OutboxRow> claimed = claim.rows();
        if (claimed.size() > batchSize) {
            // never expected (the claim is limited), but notification-service refuses more than 500 per request
            Log.warnf("The outbox claim returned %d events for a batch of %d; none sent, all due again",
                    claimed.size(), batchSize);
            return claim.notSent(List.of()).replaceWith(false);
        }
        // the body is written as text: each event's data goes in as the JSON text its renderer wrote (or as recorded),
        // never parsed into objects only to be encoded again
        StringBuilder body = new StringBuilder(claimed.size() * 640).append("{\"events\":[");
        List<Long> unreadable = new ArrayList<>();
        for (OutboxRow row : claimed) {
            String data;
            try {
                data = renderers.dataJson(row.type(), row.payload());
            } catch (RuntimeException e) {
                Log.warnf("Event %s (%s) could not be rendered (%s); it stays in the outbox", row.eventId(),
                        row.type(), e.getClass().getSimpleName());
                fail("render");
                unreadable.add(row.sequence());
                continue;
            }
            if (body.charAt(body.length() - 1) != '[') {
                body.append(',');
            }
            appendEnvelope(body, row, data);
        }
        if (!unreadable.isEmpty()) {
            // one event its renderer cannot read must not hold back the others: the claim is given back, the
            // unreadable events wait for their backoff (visible in the backlog and the warnings), the others are
            // claimed again by the next run
            return claim.notSent(unreadable).replaceWith(false);
        }
        body.append("]}");
        int count = claimed.size();
        boolean full = count == batchSize;
        String correlationId = UUID.randomUUID().toString();
        return tokens.authorization()
                .chain(authorization -> sink.publish(authorization, correlationId, body.toString()))
                .map(response -> {
                    int status = response.getStatus();
                    response.close();
                    if (status / 100 != 2) {
                        // a REST client configured to hand back every answer: treat it like the default mapper
                        throw new WebApplicationException(Response.status(status).build());
                    }
                    return status;
                })
                .onFailure().recoverWithUni(e -> {
                    failed(e, count, correlationId);
                    // the events are not at fault: they are all due again, and the relay pauses instead
                    pause();
                    return claim.notSent(List.of()).replaceWith((Integer) null);
                })
                .chain(status -> status == null ? Uni.createFrom().item(false) : claim.sent()
                        .map(committed -> {
                            consecutiveFailures.set(0);
                            relayed.increment(count);
                            return full;
                        })
                        .onFailure().recoverWithItem(e -> {
                            // accepted, but the delete did not commit: the events come back and are sent again,
                            // which notification-service takes as the repetition it is (at least once)
                            Log.warnf("Relayed %d events (x-correlation-id %s) but their delete did not commit (%s); "
                                    + "they are sent again", count, correlationId, e.getClass().getSimpleName());
                            fail("commit");
                            return false;
                        }));
    }

    /**
     * After a batch was not accepted (no token, no connection, a timeout, an answer other than 2xx), the relay claims
     * nothing for {@code lease}, doubled at each further failure in a row, at most {@code max-lease}: what fails is
     * notification-service or the way to it, the same for every event, so the events are not marked (an UPDATE of
     * each, for nothing) and an outage costs the database one claim per pause.
     */
    private void pause() {
        int failures = consecutiveFailures.incrementAndGet();
        long millis = Math.min(leaseMillis << Math.min(failures - 1, 20), maxLeaseMillis);
        pausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Whether a failed batch paused the relay, and the pause has not ended. */
    private boolean paused() {
        return consecutiveFailures.get() > 0 && System.nanoTime() - pausedUntil < 0;
    }

    private void failed(Throwable e, int count, String correlationId) {
        String reason;
        if (e instanceof ServiceTokenException token) {
            reason = token.status() == 0 ? "token" : "token-" + token.status();
            Log.warnf("Relay of %d events not attempted: %s; the relay pauses, then sends them again", count,
                    e.getMessage());
        } else if (e instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            reason = String.valueOf(status);
            if (status == 401) {
                // the token was refused (keys rotated, revoked): ask for a new one next time
                tokens.invalidate();
            }
            Log.warnf("Relay of %d events refused by notification-service: HTTP %d (x-correlation-id %s); they are "
                    + "sent again after the relay's pause", count, status, correlationId);
        } else {
            reason = "error";
            // the exception's class only: its message may quote a URL with credentials or an answer's body
            Log.warnf("Relay of %d events failed: %s (x-correlation-id %s); the relay pauses, then sends them again",
                    count, e.getClass().getSimpleName(), correlationId);
        }
        fail(reason);
    }

    private void fail(String reason) {
        meters.counter("platform.events.relay.failures", "reason", reason).increment();
    }

    /** The wire contract's event (README), its data the JSON text given. */
    static void appendEnvelope(StringBuilder out, OutboxRow row, String data) {
        out.append("{\"id\":\"").append(row.eventId()).append('"');
        appendField(out, "type", row.type());
        appendField(out, "tenant", row.tenant());
        appendField(out, "entityId", row.entityId());
        out.append(",\"sequence\":").append(row.sequence());
        appendField(out, "occurredAt", Timestamps.format(row.occurredAt()));
        if (row.correlationId() != null) {
            appendField(out, "correlationId", row.correlationId());
        }
        if (row.traceparent() != null) {
            appendField(out, "traceparent", row.traceparent());
        }
        out.append(",\"data\":").append(data == null ? "{}" : data).append('}');
    }

    private static void appendField(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":\"");
        JSON_STRINGS.quoteAsString(value, out);
        out.append('"');
    }
}
