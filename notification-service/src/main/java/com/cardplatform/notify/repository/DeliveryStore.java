package com.cardplatform.notify.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's SQL. Every statement handles a whole batch (arrays, {@code unnest}), so the database cost per
 * delivery stays a fraction of a millisecond: one claim, one outcome statement, one endpoint-health statement.
 */
@ApplicationScoped
public class DeliveryStore {

    /*
     * SKIP LOCKED: rows another replica is claiming right now are skipped, not waited for. The claim pushes
     * next_attempt_at forward by the lease, so once this statement commits nobody else sees them as due while the
     * requests run (no transaction is held open meanwhile); a replica killed mid-batch loses nothing: the lease
     * expires and any replica takes them again (at least once).
     */
    private static final String CLAIM = "WITH due AS ("
            + " SELECT d.delivery_id FROM notify.deliveries d"
            + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1"
            + " ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED),"
            + " claimed AS ("
            + " UPDATE notify.deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2"
            + " FROM due WHERE d.delivery_id = due.delivery_id"
            + " RETURNING d.delivery_id, d.event_id, d.endpoint_id, d.issuer_id, d.attempts, d.created_at)"
            + " SELECT c.delivery_id, c.event_id, c.endpoint_id, c.issuer_id, c.attempts, c.created_at,"
            + " ev.type, ev.entity_id, ev.sequence, ev.occurred_at, ev.correlation_id, ev.traceparent,"
            + " ev.data::text AS data,"
            + " ep.url, ep.secret, ep.previous_secret, ep.previous_secret_until,"
            + " COALESCE(NOT ep.disabled, i.enabled, false) AS destination_enabled,"
            + " i.base_url, i.token_url, i.client_id, i.client_secret, i.scope, i.max_operations"
            + " FROM claimed c JOIN notify.events ev ON ev.event_id = c.event_id"
            + " LEFT JOIN notify.endpoints ep ON ep.endpoint_id = c.endpoint_id"
            + " LEFT JOIN notify.issuers i ON i.issuer_id = c.issuer_id";

    // the attempts are inserted from the same input in the same statement: one round trip per batch
    private static final String RECORD = "WITH r AS ("
            + " SELECT * FROM unnest($1::int8[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::bool[],"
            + " $6::int4[], $7::int4[], $8::text[], $9::text[], $10::int4[])"
            + " AS r(delivery_id, status, attempted_at, next_at, attempted, status_code, latency_ms, response, error,"
            + " claimed_attempts)),"
            + " a AS (INSERT INTO notify.attempts (delivery_id, event_id, endpoint_id, issuer_id, attempted_at,"
            + " status_code, latency_ms, response, error)"
            + " SELECT r.delivery_id, d.event_id, d.endpoint_id, d.issuer_id, r.attempted_at, r.status_code,"
            + " r.latency_ms, r.response, r.error FROM r JOIN notify.deliveries d ON d.delivery_id = r.delivery_id"
            + " WHERE r.attempted)"
            + " UPDATE notify.deliveries d SET status = r.status, next_attempt_at = r.next_at,"
            + " attempts = CASE WHEN r.status = 'PENDING' AND NOT r.attempted THEN d.attempts - 1 ELSE d.attempts END,"
            + " delivered_at = CASE WHEN r.status = 'DELIVERED' THEN r.attempted_at ELSE d.delivered_at END,"
            + " last_error = CASE WHEN r.status = 'DELIVERED' THEN NULL ELSE r.error END"
            + " FROM r WHERE d.delivery_id = r.delivery_id AND d.status = 'PENDING'"
            // an outcome that comes after its claim's lease ran out and another claim took the delivery changes
            // nothing (its attempt is still recorded above: it was made)
            + " AND d.attempts = r.claimed_attempts";

    // written only when an endpoint changes state (first failure, first success after failures)
    private static final String HEALTH = "WITH s AS ("
            + " SELECT * FROM unnest($1::uuid[], $2::bool[], $3::timestamptz[]) AS s(endpoint_id, ok, at)),"
            + " agg AS (SELECT endpoint_id, bool_or(ok) AS ok, min(at) AS at FROM s GROUP BY endpoint_id)"
            + " UPDATE notify.endpoints e"
            + " SET failing_since = CASE WHEN agg.ok THEN NULL ELSE COALESCE(e.failing_since, agg.at) END"
            + " FROM agg WHERE e.endpoint_id = agg.endpoint_id"
            + " AND ((agg.ok AND e.failing_since IS NOT NULL) OR (NOT agg.ok AND e.failing_since IS NULL))";

    /*
     * Endpoints failing since before $2 are disabled, their pending deliveries paused, and their tenant told with
     * a webhook_endpoint.disabled event fanned out to its other endpoints, all in one statement.
     */
    private static final String DISABLE_FAILING = "WITH dis AS ("
            + " UPDATE notify.endpoints SET disabled = true, disabled_at = $1, updated_at = $1,"
            + " disabled_reason = 'failing continuously since ' || to_char(failing_since AT TIME ZONE 'UTC',"
            + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            + " WHERE NOT disabled AND failing_since <= $2"
            + " RETURNING endpoint_id, tenant, url, disabled_reason),"
            + " paused AS (UPDATE notify.deliveries d SET status = 'PAUSED' FROM dis"
            + " WHERE d.endpoint_id = dis.endpoint_id AND d.status = 'PENDING'),"
            + " ev AS (INSERT INTO notify.events (event_id, type, tenant, entity_id, sequence, occurred_at, data)"
            + " SELECT gen_random_uuid(), 'webhook_endpoint.disabled', tenant, endpoint_id::text,"
            + " nextval('notify.event_sequence'), $1, jsonb_build_object('endpointId', endpoint_id, 'url', url,"
            + " 'disabledAt', $3::text, 'reason', disabled_reason) FROM dis RETURNING event_id, tenant),"
            + " fan AS (INSERT INTO notify.deliveries (event_id, endpoint_id)"
            + " SELECT ev.event_id, e.endpoint_id FROM ev JOIN notify.endpoints e ON e.tenant = ev.tenant"
            + " AND NOT e.disabled AND ('webhook_endpoint.disabled' = ANY (e.event_types) OR '*' = ANY (e.event_types))"
            + " WHERE e.endpoint_id NOT IN (SELECT endpoint_id FROM dis))"
            + " SELECT count(*) AS disabled FROM dis";

    private static final String BACKLOG = "SELECT count(*) FILTER (WHERE attempts = 0) AS pending,"
            + " count(*) FILTER (WHERE attempts > 0) AS failing FROM notify.deliveries WHERE status = 'PENDING'";

    // deliveries and attempts go with their event (ON DELETE CASCADE); a bounded batch keeps each run short
    private static final String PURGE = "DELETE FROM notify.events WHERE event_id IN ("
            + " SELECT event_id FROM notify.events WHERE received_at < $1 LIMIT $2)";

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Claimed>> claim(Instant now, Instant leaseUntil, int batch) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(leaseUntil), batch)).map(rows -> {
            List<Claimed> claims = new ArrayList<>(rows.size());
            for (Row row : rows) {
                claims.add(new Claimed(
                        row.getLong("delivery_id"),
                        row.getUUID("event_id"),
                        row.getUUID("endpoint_id"),
                        row.getString("issuer_id"),
                        row.getInteger("attempts"),
                        instant(row.getOffsetDateTime("created_at")),
                        row.getString("type"),
                        row.getString("entity_id"),
                        row.getLong("sequence"),
                        instant(row.getOffsetDateTime("occurred_at")),
                        row.getString("correlation_id"),
                        row.getString("traceparent"),
                        row.getString("data"),
                        row.getString("url"),
                        bytes(row, "secret"),
                        bytes(row, "previous_secret"),
                        instant(row.getOffsetDateTime("previous_secret_until")),
                        Boolean.TRUE.equals(row.getBoolean("destination_enabled")),
                        row.getString("base_url"),
                        row.getString("token_url"),
                        row.getString("client_id"),
                        bytes(row, "client_secret"),
                        row.getString("scope"),
                        row.getInteger("max_operations") == null ? 1 : row.getInteger("max_operations")));
            }
            return claims;
        });
    }

    public Uni<Void> record(List<Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = results.size();
        Long[] ids = new Long[n];
        String[] statuses = new String[n];
        OffsetDateTime[] attemptedAt = new OffsetDateTime[n];
        OffsetDateTime[] nextAt = new OffsetDateTime[n];
        Boolean[] attempted = new Boolean[n];
        Integer[] codes = new Integer[n];
        Integer[] latencies = new Integer[n];
        String[] responses = new String[n];
        String[] errors = new String[n];
        Integer[] claimedAttempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            Result r = results.get(i);
            ids[i] = r.deliveryId();
            statuses[i] = r.status();
            attemptedAt[i] = utc(r.attemptedAt());
            nextAt[i] = utc(r.nextAt());
            attempted[i] = r.attempted();
            codes[i] = r.statusCode();
            latencies[i] = r.latencyMs();
            responses[i] = r.response();
            errors[i] = r.error();
            claimedAttempts[i] = r.claimedAttempts();
        }
        return pool.preparedQuery(RECORD)
                .execute(Tuple.from(new Object[] {ids, statuses, attemptedAt, nextAt, attempted, codes, latencies,
                        responses, errors, claimedAttempts}))
                .replaceWithVoid();
    }

    /** Per endpoint attempted in the batch: whether any attempt succeeded, and when the first was made. */
    public Uni<Void> endpointHealth(List<UUID> endpoints, List<Boolean> ok, List<Instant> at) {
        if (endpoints.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime[] times = at.stream().map(DeliveryStore::utc).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(HEALTH)
                .execute(Tuple.of(endpoints.toArray(UUID[]::new), ok.toArray(Boolean[]::new), times))
                .replaceWithVoid();
    }

    public Uni<Long> disableFailing(Instant now, Instant failingBefore) {
        return pool.preparedQuery(DISABLE_FAILING)
                .execute(Tuple.of(utc(now), utc(failingBefore), now.toString()))
                .map(rows -> rows.iterator().next().getLong("disabled"));
    }

    /** Removes up to {@code limit} events received before {@code before}; the number removed. */
    public Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(utc(before), limit)).map(rows -> rows.rowCount());
    }

    /** Pending deliveries never attempted, and those attempted that still wait (failing). */
    public Uni<long[]> backlog() {
        return pool.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new long[] {row.getLong("pending"), row.getLong("failing")};
        });
    }

    private static byte[] bytes(Row row, String column) {
        var buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
