package com.cardplatform.events.relay;

import com.cardplatform.events.EventsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The relay's three statements on {@code <schema>.outbox_event}, each one round trip that commits by itself.
 * The table is the contract every service shares ({@code db/events/R__outbox_events.sql}); nothing here changes it.
 */
@ApplicationScoped
public class OutboxRepository {

    /** The schema is written into the statements, so it must be a plain identifier (it comes from configuration). */
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    /**
     * Claims up to $1 due events, oldest sequence first, by moving their lease forward and counting the attempt;
     * {@code SKIP LOCKED} lets every replica claim at once without waiting for or taking each other's rows. The
     * lease is the backoff: $2 milliseconds at the first attempt, doubled at each further one, at most $3 (the
     * shift is bounded so that it cannot overflow).
     *
     * <p>The due rows are chosen once, in a materialized CTE joined to the UPDATE. Written as
     * {@code WHERE event_id IN (SELECT ... LIMIT $1 FOR UPDATE SKIP LOCKED)}, the planner may run the sub-select again
     * for rows of the outer scan, each run skipping what the previous ones locked: a load benchmark saw 2,475 rows
     * claimed with a limit of 500 (and notification-service refused the oversized batch).
     */
    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT d.event_id FROM %1$s.outbox_event d
                 WHERE d.next_attempt_at <= now()
                 ORDER BY d.sequence
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED)
            UPDATE %1$s.outbox_event o
               SET next_attempt_at = now() + least($2::bigint << least(o.attempts, 20), $3::bigint)
                                             * interval '1 millisecond',
                   attempts = o.attempts + 1
              FROM due
             WHERE o.event_id = due.event_id
            RETURNING o.event_id, o.sequence, o.event_type, o.tenant, o.entity_id, o.occurred_at, o.payload,
                      o.correlation_id, o.traceparent, o.attempts
            """;

    private static final String DELETE = "DELETE FROM %s.outbox_event WHERE event_id = ANY($1::uuid[])";

    private static final String BACKLOG = "SELECT count(*) AS backlog FROM %s.outbox_event";

    private final Pool pool;
    private final String claim;
    private final String delete;
    private final String backlog;

    public OutboxRepository(Pool pool, EventsConfig config) {
        String schema = config.schema();
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalStateException("platform.events.schema must be a plain lower-case SQL identifier");
        }
        this.pool = pool;
        this.claim = CLAIM.formatted(schema);
        this.delete = DELETE.formatted(schema);
        this.backlog = BACKLOG.formatted(schema);
    }

    /** The claimed events, in sequence order. */
    public Uni<List<OutboxRow>> claim(int limit, Duration lease, Duration maxLease) {
        return pool.preparedQuery(claim)
                .execute(Tuple.of(limit, lease.toMillis(), maxLease.toMillis()))
                .map(rows -> {
                    List<OutboxRow> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new OutboxRow(row.getUUID("event_id"), row.getLong("sequence"),
                                row.getString("event_type"), row.getString("tenant"), row.getString("entity_id"),
                                row.getOffsetDateTime("occurred_at"), row.getJsonObject("payload"),
                                row.getString("correlation_id"), row.getString("traceparent"),
                                row.getInteger("attempts")));
                    }
                    claimed.sort(Comparator.comparingLong(OutboxRow::sequence));
                    return claimed;
                });
    }

    /** Forgets events notification-service has accepted (the outbox keeps only what is still to be sent). */
    public Uni<Integer> delete(List<UUID> eventIds) {
        return pool.preparedQuery(delete)
                .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                .map(rows -> rows.rowCount());
    }

    public Uni<Long> backlog() {
        return pool.preparedQuery(backlog).execute().map(rows -> rows.iterator().next().getLong("backlog"));
    }
}
