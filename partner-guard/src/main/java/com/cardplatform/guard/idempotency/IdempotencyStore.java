package com.cardplatform.guard.idempotency;

import com.cardplatform.guard.GuardConfig;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code idempotency_key} table of the service's schema. One statement per step, each atomic by itself, so
 * that two replicas (or two requests on one) agree through PostgreSQL's unique key alone:
 * <ol>
 * <li>{@link #claim}: INSERT the key as IN_FLIGHT, or take over a row that expired or whose claim was abandoned;</li>
 * <li>{@link #find}: when the claim lost, what the other request left: its fingerprint, state and answer;</li>
 * <li>{@link #complete} or {@link #release}: keep the answer, or forget the key (a failure changed nothing).</li>
 * </ol>
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What the table holds for a key that another request claimed first. */
    public record Existing(byte[] fingerprint, boolean done, StoredAnswer answer) {

        public boolean sameRequest(byte[] other) {
            return Arrays.equals(fingerprint, other);
        }
    }

    private final Pool pool;
    private final String claimSql;
    private final String findSql;
    private final String completeSql;
    private final String releaseSql;
    private final String purgeSql;
    private final double retention;
    private final double lease;

    public IdempotencyStore(@ReactiveDataSource("guard") Pool pool, GuardConfig config) {
        GuardConfig.Idempotency settings = config.idempotency();
        String schema = settings.schema();
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalStateException("platform.guard.idempotency.schema must be a plain schema name: " + schema);
        }
        if (settings.retention().compareTo(Duration.ofDays(30)) > 0 || settings.retention().isNegative()
                || settings.retention().isZero()) {
            throw new IllegalStateException("platform.guard.idempotency.retention must be between 1 ms and 30 days (P30D)"
                    + ", not " + settings.retention());
        }
        this.pool = pool;
        this.retention = interval(settings.retention());
        this.lease = interval(settings.inFlightLease());
        String table = schema + ".idempotency_key";
        this.claimSql = "INSERT INTO " + table + " AS k (client_id, idempotency_key, fingerprint, claim, state,"
                + " locked_until, expires_at) VALUES ($1, $2, $3, $4, 'IN_FLIGHT', now() + make_interval(secs => $5),"
                + " now() + make_interval(secs => $6))"
                + " ON CONFLICT (client_id, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
                + " claim = EXCLUDED.claim, state = 'IN_FLIGHT', locked_until = EXCLUDED.locked_until,"
                + " expires_at = EXCLUDED.expires_at, created_at = now(), response_status = NULL,"
                + " response_headers = NULL, response_body = NULL"
                // a key past its retention is new again; an abandoned claim is taken over by the same request only
                + " WHERE k.expires_at < now() OR (k.state = 'IN_FLIGHT' AND k.locked_until < now()"
                + " AND k.fingerprint = EXCLUDED.fingerprint)"
                + " RETURNING k.claim";
        this.findSql = "SELECT fingerprint, state, response_status, response_headers, response_body FROM " + table
                + " WHERE client_id = $1 AND idempotency_key = $2";
        this.completeSql = "UPDATE " + table + " SET state = 'DONE', locked_until = NULL, response_status = $4,"
                + " response_headers = $5, response_body = $6 WHERE client_id = $1 AND idempotency_key = $2"
                + " AND claim = $3";
        this.releaseSql = "DELETE FROM " + table + " WHERE client_id = $1 AND idempotency_key = $2 AND claim = $3";
        this.purgeSql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at < now() LIMIT $1))";
    }

    /** The claim id when this request may proceed with the key, or null when another request holds it. */
    public Uni<UUID> claim(String clientId, String key, byte[] fingerprint) {
        UUID claim = UUID.randomUUID();
        return pool.preparedQuery(claimSql)
                .execute(Tuple.tuple().addString(clientId).addString(key).addBuffer(Buffer.buffer(fingerprint)).addUUID(claim)
                        .addDouble(lease).addDouble(retention))
                .map(rows -> rows.rowCount() == 1 ? claim : null);
    }

    /** The row of a key claimed by another request; null when it vanished meanwhile (released or purged). */
    public Uni<Existing> find(String clientId, String key) {
        return pool.preparedQuery(findSql).execute(Tuple.of(clientId, key)).map(IdempotencyStore::existing);
    }

    /** Keeps the answer of the request that holds {@code claim}. */
    public Uni<Void> complete(String clientId, String key, UUID claim, StoredAnswer answer) {
        JsonObject headers = new JsonObject();
        answer.headers().forEach(headers::put);
        return pool.preparedQuery(completeSql)
                .execute(Tuple.tuple().addString(clientId).addString(key).addUUID(claim).addInteger(answer.status())
                        .addValue(headers).addBuffer(Buffer.buffer(answer.body())))
                .replaceWithVoid();
    }

    /** Forgets the key: the request failed without changing anything, so its repetition must run. */
    public Uni<Void> release(String clientId, String key, UUID claim) {
        return pool.preparedQuery(releaseSql).execute(Tuple.of(clientId, key, claim)).replaceWithVoid();
    }

    /** Deletes up to {@code batch} keys past their retention; the number deleted. */
    public Uni<Integer> purge(int batch) {
        return pool.preparedQuery(purgeSql).execute(Tuple.of(batch)).map(RowSet::rowCount);
    }

    private static Existing existing(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        boolean done = "DONE".equals(row.getString("state"));
        StoredAnswer answer = null;
        if (done) {
            Map<String, String> headers = new LinkedHashMap<>();
            JsonObject stored = row.getJsonObject("response_headers");
            if (stored != null) {
                stored.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
            }
            Buffer body = row.getBuffer("response_body");
            answer = new StoredAnswer(row.getInteger("response_status"), headers,
                    body == null ? new byte[0] : body.getBytes());
        }
        return new Existing(row.getBuffer("fingerprint").getBytes(), done, answer);
    }

    /** Seconds with millisecond precision, for make_interval(secs => ...). */
    private static double interval(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
