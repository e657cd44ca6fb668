package com.cardplatform.consumer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker side of the cascade outbox, in SQL: claim due rows (safe with any number of replicas), then record
 * the outcome of each attempt. Completing a row and its operation is one statement, so they never disagree, and
 * is conditional on the row being still open, so a late duplicate attempt changes nothing.
 */
@ApplicationScoped
public class CascadeOutbox {

    /*
     * SKIP LOCKED: rows another replica is claiming right now are skipped, not waited for. The claim pushes
     * next_attempt_at forward by the lease, so once this statement commits nobody else sees the rows as due
     * while the HTTP calls run (no transaction is held open during them).
     */
    private static final String CLAIM = "UPDATE consumer.cascade_outbox o "
            + "SET attempts = o.attempts + 1, next_attempt_at = $2 "
            + "FROM (SELECT operation_id FROM consumer.cascade_outbox "
            + "      WHERE completed_at IS NULL AND next_attempt_at <= $1 "
            + "      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due "
            + "WHERE o.operation_id = due.operation_id "
            + "RETURNING o.operation_id, o.issuer_id, o.consumer_id, o.correlation_id, o.deleted_accounts, o.attempts, "
            + "o.created_at, o.traceparent";

    /*
     * Completing the row, its operation and the operation's consumer.operation.updated event is one statement. The
     * event carries the correlation id and traceparent of the delete request that started the cascade (kept with
     * the row).
     * $3 is JSON text: typed text so that the client does not encode it as a JSON string value.
     */
    private static final String SUCCEED = "WITH done AS ("
            + "UPDATE consumer.cascade_outbox SET completed_at = $2, outcome = 'SUCCESSFUL', last_error = NULL "
            + "WHERE operation_id = $1 AND completed_at IS NULL RETURNING operation_id, correlation_id, traceparent), "
            + "op AS (UPDATE consumer.operations o SET status = 'SUCCESSFUL', end_time = $2, details = $3::text::jsonb "
            + "FROM done WHERE o.operation_id = done.operation_id "
            + "RETURNING o.operation_id, o.issuer_id, to_jsonb(o) AS snapshot, done.correlation_id, done.traceparent),"
            + OperationEvents.insertFrom("event", "op", "correlation_id", "traceparent")
            + " SELECT operation_id FROM op";

    private static final String FAIL = "WITH done AS ("
            + "UPDATE consumer.cascade_outbox SET completed_at = $2, outcome = 'FAILED', last_error = $4 "
            + "WHERE operation_id = $1 AND completed_at IS NULL RETURNING operation_id, correlation_id, traceparent), "
            + "op AS (UPDATE consumer.operations o SET status = 'FAILED', end_time = $2, error_code = $3, error = $4 "
            + "FROM done WHERE o.operation_id = done.operation_id "
            + "RETURNING o.operation_id, o.issuer_id, to_jsonb(o) AS snapshot, done.correlation_id, done.traceparent),"
            + OperationEvents.insertFrom("event", "op", "correlation_id", "traceparent")
            + " SELECT operation_id FROM op";

    private static final String RETRY_LATER = "UPDATE consumer.cascade_outbox SET next_attempt_at = $2, last_error = $3 "
            + "WHERE operation_id = $1 AND completed_at IS NULL";

    /** The open cascades and the age of the oldest (the partial index of the due rows serves it). */
    private static final String BACKLOG = "SELECT count(*) AS open, "
            + "coalesce(extract(epoch FROM $1::timestamptz - min(created_at)), 0)::bigint AS oldest_seconds "
            + "FROM consumer.cascade_outbox WHERE completed_at IS NULL";

    private final Pool pool;

    public CascadeOutbox(Pool pool) {
        this.pool = pool;
    }

    /** Claims up to {@code batch} due rows, counting the attempt about to be made, hidden until {@code leaseUntil}. */
    public Uni<List<ClaimedTask>> claimDue(Instant now, Instant leaseUntil, int batch) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(utc(now), utc(leaseUntil), batch))
                .map(CascadeOutbox::toClaims);
    }

    /** True when this call completed the cascade (false: somebody else already had). */
    public Uni<Boolean> succeed(String operationId, Instant now, String detailsJson) {
        return pool.preparedQuery(SUCCEED)
                .execute(Tuple.of(operationId, utc(now), detailsJson))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> fail(String operationId, Instant now, String errorCode, String error) {
        return pool.preparedQuery(FAIL)
                .execute(Tuple.of(operationId, utc(now), errorCode, error))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> retryLater(String operationId, Instant next, String lastError) {
        return pool.preparedQuery(RETRY_LATER)
                .execute(Tuple.of(operationId, utc(next), lastError))
                .replaceWithVoid();
    }

    /** The number of cascades not completed yet, and how old the oldest is, in seconds. */
    public Uni<Backlog> backlog(Instant now) {
        return pool.preparedQuery(BACKLOG).execute(Tuple.of(utc(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backlog(row.getLong("open"), row.getLong("oldest_seconds"));
                });
    }

    /** What the operator watches: cascades still to do, and whether one is stuck. */
    public record Backlog(long open, long oldestSeconds) {
    }

    private static List<ClaimedTask> toClaims(RowSet<Row> rows) {
        List<ClaimedTask> claims = new ArrayList<>(rows.size());
        for (Row row : rows) {
            claims.add(new ClaimedTask(
                    row.getString("operation_id"),
                    row.getString("issuer_id"),
                    row.getString("consumer_id"),
                    row.getString("correlation_id"),
                    row.getInteger("deleted_accounts"),
                    row.getInteger("attempts"),
                    row.getOffsetDateTime("created_at").toInstant(),
                    row.getString("traceparent")));
        }
        return claims;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
