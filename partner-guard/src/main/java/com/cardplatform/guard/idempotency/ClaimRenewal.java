package com.cardplatform.guard.idempotency;

import com.cardplatform.guard.GuardConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the claims of this replica's running requests alive: every third of {@code in-flight-lease}, one statement
 * pushes the lease of all of them forward. A claim is abandoned (and the same request may take it over) only when its
 * replica stopped renewing it, that is when the replica died, not when a request simply takes longer than the lease
 * (which would let a retry run beside it). A request still running after ten leases is taken to be stuck: its claim
 * is no longer renewed and ends with its lease.
 *
 * <p>One statement for all claims every few seconds rather than one timer per request: the request path only adds and
 * removes an entry of a map.</p>
 */
@ApplicationScoped
public class ClaimRenewal {

    /** A running request's claim, since when it runs. */
    record Held(String clientId, String key, UUID claim, long sinceNanos) {
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private final IdempotencyStore store;
    private final Vertx vertx;
    private final long periodMillis;
    private final long stuckAfterNanos;
    private volatile long timer = -1;

    public ClaimRenewal(IdempotencyStore store, GuardConfig config, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
        long lease = config.idempotency().inFlightLease().toMillis();
        this.periodMillis = Math.max(100, lease / 3);
        this.stuckAfterNanos = TimeUnit.MILLISECONDS.toNanos(lease) * 10;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(periodMillis, id -> renewNow());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    void track(String clientId, String key, UUID claim) {
        held.put(claim, new Held(clientId, key, claim, System.nanoTime()));
    }

    void forget(UUID claim) {
        held.remove(claim);
    }

    /** Renews the lease of every claim held (once the request answers it is forgotten). */
    void renewNow() {
        long now = System.nanoTime();
        List<Held> renewed = new ArrayList<>();
        for (Held h : held.values()) {
            if (now - h.sinceNanos() > stuckAfterNanos) {
                held.remove(h.claim());
                Log.warnf("A request with an Idempotency-Key has run for more than ten leases; its claim is no longer"
                        + " renewed and is abandoned when its lease ends (claim %s)", h.claim());
            } else {
                renewed.add(h);
            }
        }
        if (renewed.isEmpty()) {
            return;
        }
        store.renew(renewed).subscribe().with(n -> {
        }, failure -> Log.warnf("Renewing %d Idempotency-Key claim(s) failed (%s); the next period tries again",
                renewed.size(), failure.getClass().getSimpleName()));
    }
}
