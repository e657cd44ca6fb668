package com.cardplatform.guard.ratelimit;

import com.cardplatform.guard.GuardConfig;
import io.quarkus.logging.Log;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many replicas of this service are alive now, for the rate limits each one enforces its share of. Every
 * replica refreshes its row of the service's {@code guard_replica} table each heartbeat and counts the rows seen in
 * the last three; a replica that stops deletes its row, one that dies drops out after three beats, and one restarted
 * in place (same host name and port) takes its own row over. Until the first count, and while the database cannot be
 * read, the configured {@code replicas} holds.
 *
 * <p>Why the database: it is the one thing every replica of a service already shares, and a row per replica every 10 s
 * costs nothing next to the writes; the count follows the HPA instead of a fixed setting, so that a client's quota
 * stays its quota when the service scales out.</p>
 */
@ApplicationScoped
public class LiveReplicas {

    private final Pool pool;
    private final boolean enabled;
    private final String id;
    private final String beatSql;
    private final String leaveSql;
    private final double aliveSeconds;
    private final double forgetSeconds;
    private volatile int count;

    public LiveReplicas(@ReactiveDataSource("guard") Pool pool, GuardConfig config,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.pool = pool;
        this.enabled = config.rateLimit().enabled();
        this.count = config.rateLimit().replicas();
        this.id = hostName() + ":" + port;
        double beat = config.rateLimit().heartbeat().toMillis() / 1000.0;
        this.aliveSeconds = 3 * beat;
        this.forgetSeconds = 30 * beat;
        String table = config.idempotency().schema() + ".guard_replica";
        this.beatSql = "WITH beat AS (INSERT INTO " + table + " (replica_id, seen_at) VALUES ($1, now())"
                + " ON CONFLICT (replica_id) DO UPDATE SET seen_at = now()),"
                + " forgotten AS (DELETE FROM " + table + " WHERE seen_at < now() - make_interval(secs => $3))"
                // the statement's snapshot does not see its own INSERT: the others, then this one
                + " SELECT count(*) AS others FROM " + table
                + " WHERE replica_id <> $1 AND seen_at >= now() - make_interval(secs => $2)";
        this.leaveSql = "DELETE FROM " + table + " WHERE replica_id = $1";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The replicas sharing the limits now (at least 1). */
    public int count() {
        return count;
    }

    /** This replica's row: its host name and HTTP port. */
    public String id() {
        return id;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            // counted before the first partner request, so that a new replica does not start with a share too large
            beat().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            Log.warnf("Could not count the live replicas at start (%s); the rate limits are shared among %d until the"
                    + " next heartbeat", e.getClass().getSimpleName(), count);
        }
    }

    @Scheduled(every = "${platform.guard.rate-limit.heartbeat}", delayed = "${platform.guard.rate-limit.heartbeat}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledBeat() {
        return enabled ? beat() : Uni.createFrom().voidItem();
    }

    /** Records this replica as alive and counts the replicas alive; never fails (a failure keeps the last count). */
    public Uni<Void> beat() {
        return pool.preparedQuery(beatSql).execute(Tuple.of(id, aliveSeconds, forgetSeconds))
                .invoke(rows -> {
                    int now = (int) Math.min(Integer.MAX_VALUE, rows.iterator().next().getLong("others") + 1);
                    if (now != count) {
                        Log.infof("Rate limits shared among %d replica(s) (were %d)", now, count);
                        count = now;
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Could not count the live replicas (%s); the rate limits stay"
                        + " shared among %d", failure.getClass().getSimpleName(), count))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!enabled) {
            return;
        }
        try {
            // the others count one fewer at their next beat instead of three beats later
            pool.preparedQuery(leaveSql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            Log.debugf("Could not remove this replica's row (%s); it drops out after three beats",
                    e.getClass().getSimpleName());
        }
    }
}
