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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code idempotency_key} table of the service's schema. Each step is one atomic statement, so that two replicas
 * (or two requests on one) agree through PostgreSQL's unique key alone:
 * <ol>
 * <li>{@link #claim}: INSERT the key as IN_FLIGHT, or take over a row that expired or whose claim was abandoned;</li>
 * <li>{@link #find}: when the claim lost, what the other request left: its fingerprint, state and answer;</li>
 * <li>{@link #complete} or {@link #release}: keep the answer, or forget the key (a failure changed nothing).</li>
 * </ol>
 * Claims, kept answers and releases of concurrent requests go to PostgreSQL together, one multi-row statement
 * ({@code unnest} of arrays) for all that arrived while the previous ones ran ({@link StatementBatcher}): under load
 * the guard costs a fraction of a statement per request instead of two (bench/results/idempotency.md).
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

    private record Claim(String clientId, String key, byte[] fingerprint, UUID claim) {
    }

    private record Completion(String clientId, String key, UUID claim, StoredAnswer answer) {
    }

    private record Release(String clientId, String key, UUID claim) {
    }

    /**
     * Items per statement at most, and statements of one kind running at once: one at a time makes the batches larger
     * (measured: at least as fast as two, and 35-60 % faster than one statement per request; bench/results/idempotency.md).
     */
    private static final int MAX_BATCH = 64;
    private static final int MAX_IN_FLIGHT = 1;

    private final Pool pool;
    private final StatementBatcher<Claim, UUID> claims;
    private final StatementBatcher<Completion, Void> completions;
    private final StatementBatcher<Release, Void> releases;
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
                + " locked_until, expires_at) SELECT v.client_id, v.idempotency_key, v.fingerprint, v.claim, 'IN_FLIGHT',"
                + " now() + make_interval(secs => $5), now() + make_interval(secs => $6)"
                + " FROM unnest($1::text[], $2::text[], $3::bytea[], $4::uuid[])"
                + " AS v(client_id, idempotency_key, fingerprint, claim)"
                + " ON CONFLICT (client_id, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
                + " claim = EXCLUDED.claim, state = 'IN_FLIGHT', locked_until = EXCLUDED.locked_until,"
                + " expires_at = EXCLUDED.expires_at, created_at = now(), response_status = NULL,"
                + " response_headers = NULL, response_body = NULL"
                // a key past its retention is new again; an abandoned claim is taken over by the same request only
                + " WHERE k.expires_at < now() OR (k.state = 'IN_FLIGHT' AND k.locked_until < now()"
                + " AND k.fingerprint = EXCLUDED.fingerprint)"
                + " RETURNING k.claim";
        this.findSql = "SELECT fingerprint, state, response_status, response_headers, response_body, response_sealed"
                + " FROM " + table
                + " WHERE client_id = $1 AND idempotency_key = $2";
        this.completeSql = "UPDATE " + table + " AS k SET state = 'DONE', locked_until = NULL,"
                + " response_status = v.status, response_headers = v.headers::jsonb, response_body = v.body,"
                + " response_sealed = v.sealed"
                + " FROM unnest($1::text[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::bytea[], $7::bool[])"
                + " AS v(client_id, idempotency_key, claim, status, headers, body, sealed)"
                + " WHERE k.client_id = v.client_id AND k.idempotency_key = v.idempotency_key AND k.claim = v.claim";
        this.releaseSql = "DELETE FROM " + table + " AS k USING unnest($1::text[], $2::text[], $3::uuid[])"
                + " AS v(client_id, idempotency_key, claim)"
                + " WHERE k.client_id = v.client_id AND k.idempotency_key = v.idempotency_key AND k.claim = v.claim";
        this.purgeSql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at < now() LIMIT $1))";
        this.claims = new StatementBatcher<>(this::claimAll, MAX_BATCH, MAX_IN_FLIGHT);
        this.completions = new StatementBatcher<>(this::completeAll, MAX_BATCH, MAX_IN_FLIGHT);
        this.releases = new StatementBatcher<>(this::releaseAll, MAX_BATCH, MAX_IN_FLIGHT);
    }

    /** The claim id when this request may proceed with the key, or null when another request holds it. */
    public Uni<UUID> claim(String clientId, String key, byte[] fingerprint) {
        return claims.submit(new Claim(clientId, key, fingerprint, UUID.randomUUID()));
    }

    /** The row of a key claimed by another request; null when it vanished meanwhile (released or purged). */
    public Uni<Existing> find(String clientId, String key) {
        return pool.preparedQuery(findSql).execute(Tuple.of(clientId, key)).map(IdempotencyStore::existing);
    }

    /** Keeps the answer of the request that holds {@code claim}. */
    public Uni<Void> complete(String clientId, String key, UUID claim, StoredAnswer answer) {
        return completions.submit(new Completion(clientId, key, claim, answer));
    }

    /** Forgets the key: the request failed without changing anything, so its repetition must run. */
    public Uni<Void> release(String clientId, String key, UUID claim) {
        return releases.submit(new Release(clientId, key, claim));
    }

    /**
     * One INSERT for the claims of a batch. Two requests of a batch with the same key cannot both be in it (PostgreSQL
     * refuses to update a row twice in one statement): the first is claimed, the others lose, find its row IN_FLIGHT
     * and answer 409, as they would have one statement later.
     */
    private Uni<List<UUID>> claimAll(List<Claim> batch) {
        Set<String> seen = new HashSet<>();
        List<Claim> sent = new ArrayList<>(batch.size());
        for (Claim c : batch) {
            if (seen.add(c.clientId() + '\n' + c.key())) {
                sent.add(c);
            }
        }
        int n = sent.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        io.vertx.core.buffer.Buffer[] fingerprints = new io.vertx.core.buffer.Buffer[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Claim c = sent.get(i);
            clientIds[i] = c.clientId();
            keys[i] = c.key();
            fingerprints[i] = io.vertx.core.buffer.Buffer.buffer(c.fingerprint());
            ids[i] = c.claim();
        }
        return pool.preparedQuery(claimSql)
                .execute(Tuple.tuple().addArrayOfString(clientIds).addArrayOfString(keys).addValue(fingerprints)
                        .addArrayOfUUID(ids).addDouble(lease).addDouble(retention))
                .map(rows -> {
                    Set<UUID> won = new HashSet<>();
                    for (Row row : rows) {
                        won.add(row.getUUID(0));
                    }
                    List<UUID> outcome = new ArrayList<>(batch.size());
                    for (Claim c : batch) {
                        outcome.add(won.contains(c.claim()) ? c.claim() : null);
                    }
                    return outcome;
                });
    }

    private Uni<List<Void>> completeAll(List<Completion> batch) {
        int n = batch.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        Integer[] statuses = new Integer[n];
        String[] headers = new String[n];
        io.vertx.core.buffer.Buffer[] bodies = new io.vertx.core.buffer.Buffer[n];
        Boolean[] sealed = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Completion c = batch.get(i);
            sealed[i] = c.answer().sealed();
            clientIds[i] = c.clientId();
            keys[i] = c.key();
            ids[i] = c.claim();
            statuses[i] = c.answer().status();
            JsonObject kept = new JsonObject();
            c.answer().headers().forEach(kept::put);
            headers[i] = kept.encode();
            bodies[i] = io.vertx.core.buffer.Buffer.buffer(c.answer().body());
        }
        return pool.preparedQuery(completeSql)
                .execute(Tuple.tuple().addArrayOfString(clientIds).addArrayOfString(keys).addArrayOfUUID(ids)
                        .addArrayOfInteger(statuses).addArrayOfString(headers).addValue(bodies)
                        .addArrayOfBoolean(sealed))
                .map(rows -> nothing(n));
    }

    private Uni<List<Void>> releaseAll(List<Release> batch) {
        int n = batch.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Release r = batch.get(i);
            clientIds[i] = r.clientId();
            keys[i] = r.key();
            ids[i] = r.claim();
        }
        return pool.preparedQuery(releaseSql)
                .execute(Tuple.tuple().addArrayOfString(clientIds).addArrayOfString(keys).addArrayOfUUID(ids))
                .map(rows -> nothing(n));
    }

    private static List<Void> nothing(int n) {
        return java.util.Collections.nCopies(n, null);
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
                    body == null ? new byte[0] : body.getBytes(), Boolean.TRUE.equals(row.getBoolean("response_sealed")));
        }
        return new Existing(row.getBuffer("fingerprint").getBytes(), done, answer);
    }

    /** Seconds with millisecond precision, for make_interval(secs => ...). */
    private static double interval(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
