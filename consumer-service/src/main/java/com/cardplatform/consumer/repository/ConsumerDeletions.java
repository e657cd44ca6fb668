package com.cardplatform.consumer.repository;

import com.cardplatform.errors.db.DatabaseFailures;
import com.cardplatform.runtime.write.WriteOutcomes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The delete of a consumer as ONE SQL statement, hence one transaction and one round trip: tombstone, accounts,
 * DELETE operation (PENDING), its {@code consumer.operation.updated} event and the outbox row of the cascade commit
 * together or not at all. A consumer whose
 * deletion's cascade FAILED is deleted again the same way: a new DELETE operation and outbox row, one statement.
 */
@ApplicationScoped
public class ConsumerDeletions {

    /*
     * The UPDATE takes the consumer's row lock: a concurrent second delete waits for this one, then finds the
     * consumer DELETED and changes nothing. Foreign keys are checked at the end of the statement, when the
     * operation row the outbox row refers to exists.
     */
    private static final String DELETE = "WITH target AS ("
            + "  UPDATE consumer.consumers SET status = 'DELETED', updated_at = $3, deleted_at = $3"
            + "   WHERE issuer_id = $1 AND consumer_id = $2 AND status <> 'DELETED'"
            + "  RETURNING issuer_id, consumer_id),"
            + " gone AS ("
            + "  DELETE FROM consumer.accounts a USING target t"
            + "   WHERE a.issuer_id = t.issuer_id AND a.consumer_id = t.consumer_id"
            + "  RETURNING a.account_id),"
            + " op AS ("
            + "  INSERT INTO consumer.operations AS o (operation_id, issuer_id, consumer_id, operation, status,"
            + "         start_time, requestor_type, requestor_id, reason, reason_code)"
            + "  SELECT $4, issuer_id, consumer_id, 'DELETE', 'PENDING', $3, 'ISSUER', issuer_id, $5, $6 FROM target"
            + "  RETURNING o.operation_id, o.issuer_id, o.consumer_id, to_jsonb(o) AS snapshot),"
            + OperationEvents.insertFrom("event", "op", "$7", "$9")
            + " INSERT INTO consumer.cascade_outbox (operation_id, issuer_id, consumer_id, correlation_id,"
            + "        deleted_accounts, attempts, created_at, next_attempt_at, traceparent)"
            + " SELECT operation_id, issuer_id, consumer_id, $7, (SELECT count(*) FROM gone), 1, $3, $8, $9 FROM op"
            + " RETURNING deleted_accounts";

    /*
     * A consumer deleted before whose LATEST DELETE operation is FAILED (its cascade gave up: card-service refused, or
     * the retry window ran out) is deleted again: a new PENDING DELETE operation and its outbox row, in one statement.
     * The accounts went with the first delete; their count is carried over from the failed operation's outbox row,
     * so that the operation that completes the deletion reports all of it. Nothing is written when a DELETE that has
     * not failed exists (a concurrent repetition made it first), and the unique index operations_one_live_delete
     * refuses a second one that a concurrent repetition is inserting right now.
     */
    private static final String DELETE_AGAIN = "WITH superseded AS ("
            + "  SELECT o.operation_id, coalesce(x.deleted_accounts, 0) AS deleted_accounts"
            + "    FROM consumer.consumers c"
            + "    JOIN consumer.operations o ON o.issuer_id = c.issuer_id AND o.consumer_id = c.consumer_id"
            + "    LEFT JOIN consumer.cascade_outbox x ON x.operation_id = o.operation_id"
            + "   WHERE c.issuer_id = $1 AND c.consumer_id = $2 AND c.status = 'DELETED'"
            + "     AND o.operation = 'DELETE' AND o.status = 'FAILED'"
            + "     AND NOT EXISTS (SELECT 1 FROM consumer.operations l WHERE l.issuer_id = $1 AND l.consumer_id = $2"
            + "                        AND l.operation = 'DELETE' AND l.status <> 'FAILED')"
            + "   ORDER BY o.start_time DESC, o.seq DESC LIMIT 1),"
            + " op AS ("
            + "  INSERT INTO consumer.operations AS o (operation_id, issuer_id, consumer_id, operation, status,"
            + "         start_time, requestor_type, requestor_id, reason, reason_code)"
            + "  SELECT $4, $1, $2, 'DELETE', 'PENDING', $3, 'ISSUER', $1, $5, $6 FROM superseded"
            + "  RETURNING o.operation_id, o.issuer_id, to_jsonb(o) AS snapshot),"
            + OperationEvents.insertFrom("event", "op", "$7", "$9")
            + " INSERT INTO consumer.cascade_outbox (operation_id, issuer_id, consumer_id, correlation_id,"
            + "        deleted_accounts, attempts, created_at, next_attempt_at, traceparent)"
            + " SELECT op.operation_id, $1, $2, $7, s.deleted_accounts, 1, $3, $8, $9 FROM op, superseded s"
            + " RETURNING deleted_accounts, (SELECT operation_id FROM superseded) AS superseded";

    /* The consumer and its latest DELETE operation (newest first, like the listing). */
    private static final String EARLIER = "SELECT c.status, o.operation_id, o.status AS operation_status"
            + " FROM consumer.consumers c LEFT JOIN LATERAL ("
            + "   SELECT operation_id, status FROM consumer.operations"
            + "    WHERE issuer_id = c.issuer_id AND consumer_id = c.consumer_id AND operation = 'DELETE'"
            + "    ORDER BY start_time DESC, seq DESC LIMIT 1) o ON true"
            + " WHERE c.issuer_id = $1 AND c.consumer_id = $2";

    private final Pool pool;

    public ConsumerDeletions(Pool pool) {
        this.pool = pool;
    }

    /**
     * What a delete request found or did. {@code fresh}: this request wrote a new DELETE operation (and its outbox
     * row), whose cascade it is now to attempt; {@code superseded}: the FAILED operation it completes, if any.
     */
    public record Result(boolean found, String operationId, String status, int deletedAccounts, boolean fresh,
            String superseded) {
        static final Result NOT_FOUND = new Result(false, null, null, 0, false, null);
    }

    /**
     * Deletes the consumer now; or, for a consumer deleted before, reports its latest DELETE operation, unless that
     * operation FAILED: then the deletion is started again (a new DELETE operation, whose cascade completes what
     * the failed one left in card-service). No such consumer (also when a deleted consumer's DELETE operations have
     * been purged): not found.
     */
    public Uni<Result> delete(String issuerId, String consumerId, String operationId, Instant now, String reason,
            String reasonCode, String correlationId, Instant leaseUntil, String traceparent) {
        Tuple args = Tuple.tuple()
                .addString(issuerId)
                .addString(consumerId)
                .addOffsetDateTime(utc(now))
                .addString(operationId)
                .addString(reason)
                .addString(reasonCode)
                .addString(correlationId)
                .addOffsetDateTime(utc(leaseUntil))
                .addString(traceparent);
        // one statement that commits by itself: once sent, a lost connection leaves its outcome unknown (and a
        // repetition then answers the DELETE operation it made, like any repeated delete)
        return WriteOutcomes.autocommit(pool.preparedQuery(DELETE).execute(args))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Result(true, operationId, "PENDING",
                                rows.iterator().next().getInteger("deleted_accounts"), true, null))
                        : earlier(issuerId, consumerId)
                                .chain(found -> "FAILED".equals(found.status())
                                        ? deleteAgain(args)
                                        : Uni.createFrom().item(found)));
    }

    /**
     * The new DELETE operation after a FAILED one. Written by nobody (a concurrent repetition was first, or there
     * is no failed operation any more): that repetition's operation is answered, as for any repeated delete.
     */
    private Uni<Result> deleteAgain(Tuple args) {
        String issuerId = args.getString(0);
        String consumerId = args.getString(1);
        return WriteOutcomes.autocommit(pool.preparedQuery(DELETE_AGAIN).execute(args))
                .onFailure(DatabaseFailures::uniqueViolation) // operations_one_live_delete: a concurrent repetition started it first
                .recoverWithItem(() -> null)
                .chain(rows -> rows != null && rows.size() > 0
                        ? Uni.createFrom().item(new Result(true, args.getString(3), "PENDING",
                                rows.iterator().next().getInteger("deleted_accounts"), true,
                                rows.iterator().next().getString("superseded")))
                        : earlier(issuerId, consumerId));
    }

    private Uni<Result> earlier(String issuerId, String consumerId) {
        return pool.preparedQuery(EARLIER)
                .execute(Tuple.of(issuerId, consumerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Result.NOT_FOUND;
                    }
                    Row row = rows.iterator().next();
                    String earlierOperation = row.getString("operation_id");
                    if (!"DELETED".equals(row.getString("status")) || earlierOperation == null) {
                        return Result.NOT_FOUND;
                    }
                    return new Result(true, earlierOperation, row.getString("operation_status"), 0, false, null);
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
