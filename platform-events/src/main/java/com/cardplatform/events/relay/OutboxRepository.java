package com.cardplatform.events.relay;

import com.cardplatform.events.EventsConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The relay's statements on {@code <schema>.outbox_event}. The table is the contract every service shares
 * ({@code db/events/R__outbox_events.sql}); nothing here changes it.
 *
 * <p>A batch is claimed by deleting it in a transaction that stays open while the batch is on its way to
 * notification-service ({@link OutboxClaim}): the commit after a 2xx makes the delete stand, a rollback brings the
 * rows back. An event therefore costs the outbox one row written and one deleted, with one index entry, at the
 * right end of the primary key ({@code sequence}). (A claim that moved a lease forward first was an UPDATE of every
 * event, a second row version with its own index entries, before its DELETE; the table was keyed by a random uuid and
 * had a second index of due events.)
 */
@ApplicationScoped
public class OutboxRepository {

    /** The schema is written into the statements, so it must be a plain identifier (it comes from configuration). */
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    /**
     * Takes up to $1 due events, oldest sequence first; {@code SKIP LOCKED} lets every replica and run claim at once
     * without waiting for or taking each other's rows. The rows stay locked (deleted, uncommitted) until the claim
     * ends.
     *
     * <p>The due rows are chosen once, in a materialized CTE joined to the DELETE. Written as
     * {@code WHERE event_id IN (SELECT ... LIMIT $1 FOR UPDATE SKIP LOCKED)}, the planner may run the sub-select again
     * for rows of the outer scan, each run skipping what the previous ones locked: a load benchmark saw 2,475 rows
     * claimed with a limit of 500 (and notification-service refused the oversized batch).
     */
    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT d.sequence FROM %1$s.outbox_event d
                 WHERE d.next_attempt_at <= now()
                 ORDER BY d.sequence
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED)
            DELETE FROM %1$s.outbox_event o
             USING due
             WHERE o.sequence = due.sequence
            RETURNING o.event_id, o.sequence, o.event_type, o.tenant, o.entity_id, o.occurred_at,
                      o.payload::text AS payload, o.correlation_id, o.traceparent, o.attempts
            """;

    /**
     * Events the relay could not render (their claim rolled back): they wait $2 milliseconds after their first
     * failure, doubled at each further one, at most $3 (the shift is bounded so that it cannot overflow). Rows another
     * run claimed meanwhile are skipped, not waited for: that run is sending them.
     */
    private static final String BACK_OFF = """
            WITH failed AS MATERIALIZED (
                SELECT f.sequence FROM %1$s.outbox_event f
                 WHERE f.sequence = ANY($1::bigint[])
                   FOR UPDATE SKIP LOCKED)
            UPDATE %1$s.outbox_event o
               SET next_attempt_at = now() + least($2::bigint << least(o.attempts, 20), $3::bigint)
                                             * interval '1 millisecond',
                   attempts = o.attempts + 1
              FROM failed
             WHERE o.sequence = failed.sequence
            """;

    private static final String BACKLOG = "SELECT count(*) AS backlog FROM %s.outbox_event";

    private final Pool pool;
    private final String claim;
    private final String backOff;
    private final String backlog;
    private final long backOffMillis;
    private final long maxBackOffMillis;
    private final long holdAtMostMillis;

    public OutboxRepository(Pool pool, EventsConfig config) {
        String schema = config.schema();
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalStateException("platform.events.schema must be a plain lower-case SQL identifier");
        }
        this.pool = pool;
        this.claim = CLAIM.formatted(schema);
        this.backOff = BACK_OFF.formatted(schema);
        this.backlog = BACKLOG.formatted(schema);
        this.backOffMillis = config.relay().lease().toMillis();
        this.maxBackOffMillis = config.relay().maxLease().toMillis();
        // a claim waits for a token and for notification-service, each bounded by the timeout
        this.holdAtMostMillis = holdAtMost(config.relay().timeout()).toMillis();
    }

    /**
     * How long a claim may keep its rows: past it PostgreSQL ends the session (idle_in_transaction_session_timeout),
     * the claim rolls back and the rows are due again, so that a replica frozen mid-relay (a stopped process, a
     * partition) does not keep them from the others.
     */
    static Duration holdAtMost(Duration timeout) {
        return timeout.multipliedBy(2).plusSeconds(1);
    }

    /**
     * Claims up to {@code limit} due events, in sequence order. The caller must end the claim
     * ({@link OutboxClaim#sent()} or {@link OutboxClaim#notSent}); an empty claim has already ended.
     */
    public Uni<OutboxClaim> claim(int limit) {
        return pool.getConnection().chain(connection -> connection.begin()
                .chain(transaction -> connection
                        .query("SET LOCAL idle_in_transaction_session_timeout = " + holdAtMostMillis).execute()
                        .chain(() -> connection.preparedQuery(claim).execute(Tuple.of(limit)))
                        .map(rows -> {
                            List<OutboxRow> claimed = new ArrayList<>(rows.size());
                            for (Row row : rows) {
                                claimed.add(new OutboxRow(row.getUUID("event_id"), row.getLong("sequence"),
                                        row.getString("event_type"), row.getString("tenant"),
                                        row.getString("entity_id"), row.getOffsetDateTime("occurred_at"),
                                        row.getString("payload"), row.getString("correlation_id"),
                                        row.getString("traceparent"), row.getInteger("attempts")));
                            }
                            claimed.sort(Comparator.comparingLong(OutboxRow::sequence));
                            return new OutboxClaim(claimed, connection, transaction);
                        })
                        .onFailure().call(() -> transaction.rollback().onFailure().recoverWithNull()))
                .onFailure().call(connection::close)
                .chain(taken -> taken.rows().isEmpty() ? taken.sent().replaceWith(taken) : Uni.createFrom().item(taken)));
    }

    public Uni<Long> backlog() {
        return pool.preparedQuery(backlog).execute().map(rows -> rows.iterator().next().getLong("backlog"));
    }

    /**
     * Claimed events: deleted in a transaction still open on its own connection. Ends once, with {@link #sent()} or
     * {@link #notSent}; both give the connection back.
     */
    public final class OutboxClaim {

        private final List<OutboxRow> rows;
        private final SqlConnection connection;
        private final Transaction transaction;
        private boolean ended;

        private OutboxClaim(List<OutboxRow> rows, SqlConnection connection, Transaction transaction) {
            this.rows = List.copyOf(rows);
            this.connection = connection;
            this.transaction = transaction;
        }

        public List<OutboxRow> rows() {
            return rows;
        }

        /** notification-service has accepted the events: their delete is committed. */
        public Uni<Void> sent() {
            if (ended) {
                return Uni.createFrom().voidItem();
            }
            ended = true;
            return transaction.commit().eventually(connection::close);
        }

        /**
         * The events were not sent, or not accepted: they come back. Those in {@code failed} (sequences: events that
         * could not be rendered) wait for their backoff; the others are due again at once. Never fails: rows whose
         * backoff could not be recorded are simply due.
         */
        public Uni<Void> notSent(List<Long> failed) {
            if (ended) {
                return Uni.createFrom().voidItem();
            }
            ended = true;
            Uni<Void> rolledBack = transaction.rollback().eventually(connection::close)
                    .onFailure().invoke(e -> Log.debugf("Outbox claim not rolled back (%s): its session ends it",
                            e.getClass().getSimpleName()))
                    .onFailure().recoverWithNull();
            if (failed.isEmpty()) {
                return rolledBack;
            }
            return rolledBack.chain(() -> pool.preparedQuery(backOff)
                            .execute(Tuple.of(failed.toArray(Long[]::new), backOffMillis, maxBackOffMillis)))
                    .onFailure().invoke(e -> Log.warnf("The backoff of %d events was not recorded (%s); they are due "
                            + "again at once", failed.size(), e.getClass().getSimpleName()))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }
    }
}
