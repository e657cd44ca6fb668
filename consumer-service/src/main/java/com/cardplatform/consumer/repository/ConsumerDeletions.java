package com.cardplatform.consumer.repository;

import com.cardplatform.errors.write.WriteOutcomes;
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
 * DELETE operation (PENDING) and the outbox row of the cascade commit together or not at all.
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
            + "  INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, start_time,"
            + "         requestor_type, requestor_id, reason, reason_code)"
            + "  SELECT $4, issuer_id, consumer_id, 'DELETE', 'PENDING', $3, 'ISSUER', issuer_id, $5, $6 FROM target"
            + "  RETURNING operation_id, issuer_id, consumer_id)"
            + " INSERT INTO consumer.cascade_outbox (operation_id, issuer_id, consumer_id, correlation_id,"
            + "        deleted_accounts, attempts, created_at, next_attempt_at)"
            + " SELECT operation_id, issuer_id, consumer_id, $7, (SELECT count(*) FROM gone), 1, $3, $8 FROM op"
            + " RETURNING deleted_accounts";

    private static final String EARLIER = "SELECT c.status, o.operation_id, o.status AS operation_status"
            + " FROM consumer.consumers c LEFT JOIN consumer.operations o"
            + "   ON o.issuer_id = c.issuer_id AND o.consumer_id = c.consumer_id AND o.operation = 'DELETE'"
            + " WHERE c.issuer_id = $1 AND c.consumer_id = $2";

    private final Pool pool;

    public ConsumerDeletions(Pool pool) {
        this.pool = pool;
    }

    /** What a delete request found or did. */
    public record Result(boolean found, String operationId, String status, int deletedAccounts, boolean fresh) {
        static final Result NOT_FOUND = new Result(false, null, null, 0, false);
    }

    /**
     * Deletes the consumer now, or reports the DELETE operation of an earlier delete, or that there is no such
     * consumer (also when a deleted consumer's DELETE operation has been purged).
     */
    public Uni<Result> delete(String issuerId, String consumerId, String operationId, Instant now, String reason,
            String reasonCode, String correlationId, Instant leaseUntil) {
        Tuple args = Tuple.tuple()
                .addString(issuerId)
                .addString(consumerId)
                .addOffsetDateTime(utc(now))
                .addString(operationId)
                .addString(reason)
                .addString(reasonCode)
                .addString(correlationId)
                .addOffsetDateTime(utc(leaseUntil));
        // one statement that commits by itself: once sent, a lost connection leaves its outcome unknown (and a
        // repetition then answers the DELETE operation it made, like any repeated delete)
        return WriteOutcomes.autocommit(pool.preparedQuery(DELETE).execute(args))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Result(true, operationId, "PENDING",
                                rows.iterator().next().getInteger("deleted_accounts"), true))
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
                    return new Result(true, earlierOperation, row.getString("operation_status"), 0, false);
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
