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
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code idempotency_key} table of the service's schema. Each step is atomic, so that two replicas (or two
 * requests on one) agree through PostgreSQL's unique key alone:
 * <ol>
 * <li>{@link #claim}: INSERT the key as IN_FLIGHT, or take over a row that expired or whose claim was abandoned;</li>
 * <li>{@link #find}: when the claim lost, what the other request left: its fingerprint, state and answer;</li>
 * <li>{@link #complete} or {@link #release}: keep the answer, or forget the key (a failure changed nothing).</li>
 * </ol>
 * The claims, kept answers and releases of concurrent requests go to PostgreSQL together: one statement ({@code
 * unnest} of arrays, a data-modifying {@code WITH} per kind) for every step that arrived while the previous statement
 * ran ({@link StatementBatcher}). Under load the guard costs a fraction of a statement per request instead of two;
 * its cost is mostly per statement, not per row (bench/results/idempotency.md).
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * What the table holds for a key that another request claimed first; {@code expired}: past its retention,
     * {@code abandoned}: a claim whose lease ended (its replica died).
     */
    public record Existing(byte[] fingerprint, boolean done, StoredAnswer answer, boolean expired, boolean abandoned) {

        public boolean sameRequest(byte[] other) {
            return Arrays.equals(fingerprint, other);
        }
    }

    /** One request's step: its claim, its kept answer or its release; the steps of a batch go in one statement. */
    private sealed interface Step permits Claim, Completion, Release {

        String clientId();

        String key();
    }

    private record Claim(String clientId, String key, byte[] fingerprint, UUID claim) implements Step {
    }

    private record Completion(String clientId, String key, UUID claim, StoredAnswer answer) implements Step {
    }

    /** {@code sameRequestOnly}: not deleted but abandoned at once, so that only the same request can take it over. */
    private record Release(String clientId, String key, UUID claim, boolean sameRequestOnly) implements Step {
    }

    /**
     * Steps per statement at most, and statements running at once. One at a time makes the batches larger: with one
     * statement per kind of step, one of each at a time was at least as fast as two and 35-60 % faster than a statement
     * per step; one statement for all kinds, one at a time, was faster again by a tenth, and two at a time of it
     * slower by a quarter (bench/results/idempotency.md).
     */
    private static final int MAX_BATCH = 64;
    private static final int MAX_IN_FLIGHT = 1;

    private final Pool pool;
    private final StatementBatcher<Step, Won> steps;
    private final String stepsSql;
    private final String findSql;
    private final String purgeSql;
    private final String renewSql;
    private final String clearStaleSql;
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
        // Releases, kept answers and claims of a batch, each an unnest of arrays (empty for a kind the batch lacks).
        // PostgreSQL runs every data-modifying WITH to completion, whether or not the final SELECT reads it.
        // Short column names for the arrays: the statement must stay under the length up to which the Vert.x client
        // caches a prepared statement (checked below); over it, every execution was parsed and planned afresh and
        // keyed writes lost a sixth of their throughput (bench/results/idempotency.md).
        String key = "k.client_id = v.cid AND k.idempotency_key = v.ikey AND k.claim = v.cl";
        this.stepsSql = "WITH released AS (DELETE FROM " + table + " AS k"
                + " USING unnest($1::text[], $2::text[], $3::uuid[], $17::bool[]) AS v(cid, ikey, cl, same)"
                + " WHERE " + key + " AND NOT v.same),"
                // an outcome unknown: the claim stays, abandoned now, so the same request may take it over (and each
                // service answers it with the original result if the first did commit) and another request is 422
                + " abandoned AS (UPDATE " + table + " AS k SET locked_until = now()"
                + " FROM unnest($1::text[], $2::text[], $3::uuid[], $17::bool[]) AS v(cid, ikey, cl, same)"
                + " WHERE " + key + " AND v.same AND k.state = 'IN_FLIGHT'),"
                + " completed AS (UPDATE " + table + " AS k SET state = 'DONE', locked_until = NULL,"
                + " response_status = v.st, response_headers = v.hd::jsonb, response_body = v.bd, response_sealed = v.sd"
                + " FROM unnest($4::text[], $5::text[], $6::uuid[], $7::int[], $8::text[], $9::bytea[], $10::bool[])"
                + " AS v(cid, ikey, cl, st, hd, bd, sd) WHERE " + key + "),"
                + " claimed AS (INSERT INTO " + table + " AS k (client_id, idempotency_key, fingerprint, claim, state,"
                + " locked_until, expires_at) SELECT v.cid, v.ikey, v.fp, v.cl, 'IN_FLIGHT',"
                + " now() + make_interval(secs => $15), now() + make_interval(secs => $16)"
                + " FROM unnest($11::text[], $12::text[], $13::bytea[], $14::uuid[]) AS v(cid, ikey, fp, cl)"
                + " ON CONFLICT (client_id, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
                + " claim = EXCLUDED.claim, state = 'IN_FLIGHT', locked_until = EXCLUDED.locked_until,"
                // created_at names the key's lifetime (KeyedRequest): new for a key past its retention, kept when
                // the same request takes its abandoned claim over
                + " expires_at = EXCLUDED.expires_at,"
                + " created_at = CASE WHEN k.expires_at < now() THEN now() ELSE k.created_at END, response_status = NULL,"
                + " response_headers = NULL, response_body = NULL"
                // a key past its retention is new again; an abandoned claim is taken over by the same request only
                + " WHERE k.expires_at < now() OR (k.state = 'IN_FLIGHT' AND k.locked_until < now()"
                + " AND k.fingerprint = EXCLUDED.fingerprint)"
                + " RETURNING k.claim, k.created_at)"
                + " SELECT claim, created_at FROM claimed";
        if (stepsSql.length() >= SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT) {
            throw new IllegalStateException("The guard's statement for schema " + schema + " is " + stepsSql.length()
                    + " characters, over the " + SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT
                    + " up to which the reactive client caches a prepared statement: use a shorter schema name");
        }
        this.findSql = "SELECT fingerprint, state, response_status, response_headers, response_body, response_sealed,"
                + " expires_at < now() AS expired, state = 'IN_FLIGHT' AND locked_until < now() AS abandoned"
                + " FROM " + table
                + " WHERE client_id = $1 AND idempotency_key = $2";
        // the outer condition again: a row taken over by a new request meanwhile is a new version, not expired
        this.purgeSql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at < now() LIMIT $1)) AND expires_at < now()";
        // the leases of running requests' claims pushed forward (ClaimRenewal); a kept or released key is left alone
        this.renewSql = "UPDATE " + table + " AS k SET locked_until = now() + make_interval(secs => $4)"
                + " FROM unnest($1::text[], $2::text[], $3::uuid[]) AS v(client_id, idempotency_key, claim)"
                + " WHERE k.client_id = v.client_id AND k.idempotency_key = v.idempotency_key AND k.claim = v.claim"
                + " AND k.state = 'IN_FLIGHT'";
        // a row in the way of a key kept by its write (KeyInTheWrite): past its retention, or the abandoned claim of
        // the same request; the conditions again, so that a row taken over meanwhile stays
        this.clearStaleSql = "DELETE FROM " + table + " WHERE client_id = $1 AND idempotency_key = $2"
                + " AND (expires_at < now() OR state = 'IN_FLIGHT' AND locked_until < now() AND fingerprint = $3)";
        this.steps = new StatementBatcher<>(this::runAll, MAX_BATCH, MAX_IN_FLIGHT);
    }

    /**
     * A claim that won: its id, and when the key's current lifetime began (microseconds since the epoch), the same
     * for the request that first claimed the key and for its repetitions that take an abandoned claim over.
     */
    public record Won(UUID claim, long keySince) {
    }

    /** The claim when this request may proceed with the key, or null when another request holds it. */
    public Uni<Won> claim(String clientId, String key, byte[] fingerprint) {
        return steps.submit(new Claim(clientId, key, fingerprint, UUID.randomUUID()));
    }

    /** The row of a key claimed by another request; null when it vanished meanwhile (released or purged). */
    public Uni<Existing> find(String clientId, String key) {
        return pool.preparedQuery(findSql).execute(Tuple.of(clientId, key)).map(IdempotencyStore::existing);
    }

    /**
     * Deletes the key's row when it is past its retention, or the abandoned claim of the request with this
     * fingerprint: a key kept by its write ({@link KeyInTheWrite}) cannot take such a row over in its statement.
     */
    public Uni<Void> clearStale(String clientId, String key, byte[] fingerprint) {
        return pool.preparedQuery(clearStaleSql)
                .execute(Tuple.of(clientId, key, io.vertx.core.buffer.Buffer.buffer(fingerprint)))
                .replaceWithVoid();
    }

    /** The retention in seconds, for the rows that writes insert themselves ({@link KeyInTheWrite}). */
    double retentionSeconds() {
        return retention;
    }

    /** Keeps the answer of the request that holds {@code claim}. */
    public Uni<Void> complete(String clientId, String key, UUID claim, StoredAnswer answer) {
        return steps.submit(new Completion(clientId, key, claim, answer)).replaceWithVoid();
    }

    /** Forgets the key: the request failed without changing anything, so its repetition must run. */
    public Uni<Void> release(String clientId, String key, UUID claim) {
        return steps.submit(new Release(clientId, key, claim, false)).replaceWithVoid();
    }

    /**
     * The request's outcome is unknown (the connection was lost during its COMMIT): the key stays bound to this
     * request, abandoned at once, so that its repetition runs again and another request with the key is 422.
     */
    public Uni<Void> abandon(String clientId, String key, UUID claim) {
        return steps.submit(new Release(clientId, key, claim, true)).replaceWithVoid();
    }

    /**
     * One statement for the steps of a batch: its releases, kept answers and claims. A row is changed once per
     * statement at most (PostgreSQL refuses, or picks one, when two parts of a statement change the same row), so a
     * claim of a key that another step of the batch releases or answers, or that an earlier claim of the batch asks
     * for, is not sent: it loses, and its request finds the row as the statement left it (kept: a replay; released:
     * it claims again; running: 409), as it would one statement later.
     */
    private Uni<List<Won>> runAll(List<Step> batch) {
        Set<String> touched = new HashSet<>();
        List<Release> releases = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        for (Step step : batch) {
            if (step instanceof Release r) {
                releases.add(r);
                touched.add(rowOf(r));
            } else if (step instanceof Completion c) {
                completions.add(c);
                touched.add(rowOf(c));
            }
        }
        List<Claim> claims = new ArrayList<>();
        for (Step step : batch) {
            if (step instanceof Claim c && touched.add(rowOf(c))) {
                claims.add(c);
            }
        }
        Tuple arguments = Tuple.tuple();
        addReleases(arguments, releases);
        addCompletions(arguments, completions);
        addClaims(arguments, claims);
        arguments.addDouble(lease).addDouble(retention);
        Boolean[] sameRequestOnly = new Boolean[releases.size()];
        for (int i = 0; i < sameRequestOnly.length; i++) {
            sameRequestOnly[i] = releases.get(i).sameRequestOnly();
        }
        arguments.addArrayOfBoolean(sameRequestOnly);
        return pool.preparedQuery(stepsSql).execute(arguments).map(rows -> {
            Map<UUID, Won> won = new HashMap<>();
            for (Row row : rows) {
                OffsetDateTime since = row.getOffsetDateTime(1);
                won.put(row.getUUID(0), new Won(row.getUUID(0),
                        since.toEpochSecond() * 1_000_000L + since.getNano() / 1_000));
            }
            List<Won> outcome = new ArrayList<>(batch.size());
            for (Step step : batch) {
                outcome.add(step instanceof Claim c ? won.get(c.claim()) : null);
            }
            return outcome;
        });
    }

    private static String rowOf(Step step) {
        return step.clientId() + '\n' + step.key();
    }

    private static void addReleases(Tuple arguments, List<Release> releases) {
        int n = releases.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Release r = releases.get(i);
            clientIds[i] = r.clientId();
            keys[i] = r.key();
            ids[i] = r.claim();
        }
        arguments.addArrayOfString(clientIds).addArrayOfString(keys).addArrayOfUUID(ids);
    }

    private static void addCompletions(Tuple arguments, List<Completion> completions) {
        int n = completions.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        Integer[] statuses = new Integer[n];
        String[] headers = new String[n];
        io.vertx.core.buffer.Buffer[] bodies = new io.vertx.core.buffer.Buffer[n];
        Boolean[] sealed = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Completion c = completions.get(i);
            clientIds[i] = c.clientId();
            keys[i] = c.key();
            ids[i] = c.claim();
            statuses[i] = c.answer().status();
            JsonObject kept = new JsonObject();
            c.answer().headers().forEach(kept::put);
            headers[i] = kept.encode();
            bodies[i] = io.vertx.core.buffer.Buffer.buffer(c.answer().body());
            sealed[i] = c.answer().sealed();
        }
        arguments.addArrayOfString(clientIds).addArrayOfString(keys).addArrayOfUUID(ids).addArrayOfInteger(statuses)
                .addArrayOfString(headers).addValue(bodies).addArrayOfBoolean(sealed);
    }

    private static void addClaims(Tuple arguments, List<Claim> claims) {
        int n = claims.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        io.vertx.core.buffer.Buffer[] fingerprints = new io.vertx.core.buffer.Buffer[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Claim c = claims.get(i);
            clientIds[i] = c.clientId();
            keys[i] = c.key();
            fingerprints[i] = io.vertx.core.buffer.Buffer.buffer(c.fingerprint());
            ids[i] = c.claim();
        }
        arguments.addArrayOfString(clientIds).addArrayOfString(keys).addValue(fingerprints).addArrayOfUUID(ids);
    }

    /** Pushes the lease of these running requests' claims forward by a whole lease; the number renewed. */
    Uni<Integer> renew(List<ClaimRenewal.Held> claims) {
        int n = claims.size();
        String[] clientIds = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            clientIds[i] = claims.get(i).clientId();
            keys[i] = claims.get(i).key();
            ids[i] = claims.get(i).claim();
        }
        return pool.preparedQuery(renewSql).execute(Tuple.of(clientIds, keys, ids, lease)).map(RowSet::rowCount);
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
        return new Existing(row.getBuffer("fingerprint").getBytes(), done, answer,
                Boolean.TRUE.equals(row.getBoolean("expired")), Boolean.TRUE.equals(row.getBoolean("abandoned")));
    }

    /** Seconds with millisecond precision, for make_interval(secs => ...). */
    private static double interval(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
