package com.cardplatform.consumer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot read path and the purge, in plain SQL on the reactive pool: one round trip per request, served by the
 * index {@code (issuer_id, consumer_id, start_time DESC, seq DESC)}.
 */
@ApplicationScoped
public class OperationQueries {

    private static final String COLUMNS = "operation_id, operation, status, start_time, end_time, requestor_type, "
            + "requestor_id, reason, reason_code, details::text AS details, error_code, error";

    /*
     * The count rides along as a scalar sub-query (an index-only scan) instead of a window function, which would
     * read every row of the consumer. When the page is empty there is no row to carry it, but then either the
     * consumer has no operations or the offset is past the last one: remainingOperations is 0 in both cases.
     */
    private static final String PAGE = "SELECT " + COLUMNS
            + ", (SELECT count(*) FROM consumer.operations c WHERE c.issuer_id = $1 AND c.consumer_id = $2) AS total "
            + "FROM consumer.operations WHERE issuer_id = $1 AND consumer_id = $2 "
            + "ORDER BY start_time DESC, seq DESC OFFSET $3 LIMIT $4";

    private static final String ONE = "SELECT " + COLUMNS
            + " FROM consumer.operations WHERE operation_id = $1 AND issuer_id = $2 AND consumer_id = $3";

    /*
     * Never purged: a PENDING operation, and a FAILED DELETE while its consumer has no DELETE that has not failed
     * (its cascade gave up, the cards may still be active: the operation keeps the error, and it is what makes a
     * repeated delete start the cascade again).
     */
    private static final String PURGE = "DELETE FROM consumer.operations WHERE operation_id IN ("
            + "SELECT o.operation_id FROM consumer.operations o WHERE o.start_time < $1 AND o.status <> 'PENDING' "
            + "AND NOT (o.operation = 'DELETE' AND o.status = 'FAILED' AND NOT EXISTS (SELECT 1 FROM "
            + "consumer.operations l WHERE l.issuer_id = o.issuer_id AND l.consumer_id = o.consumer_id "
            + "AND l.operation = 'DELETE' AND l.status <> 'FAILED')) LIMIT $2)";

    private final Pool pool;

    public OperationQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<OperationPage> page(String issuerId, String consumerId, int offset, int limit) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(issuerId, consumerId, offset, limit))
                .map(OperationQueries::toPage);
    }

    /** The operation, only if it belongs to this consumer of this issuer; else null. */
    public Uni<OperationRow> find(String issuerId, String consumerId, String operationId) {
        return pool.preparedQuery(ONE)
                .execute(Tuple.of(operationId, issuerId, consumerId))
                .map(rows -> rows.size() == 0 ? null : toOperation(rows.iterator().next()));
    }

    /** Deletes up to {@code batch} finished operations started before {@code cutoff}; the number deleted. */
    public Uni<Integer> purgeBefore(OffsetDateTime cutoff, int batch) {
        return pool.preparedQuery(PURGE)
                .execute(Tuple.of(cutoff, batch))
                .map(RowSet::rowCount);
    }

    private static OperationPage toPage(RowSet<Row> rows) {
        List<OperationRow> page = new ArrayList<>(rows.size());
        long total = 0;
        for (Row row : rows) {
            page.add(toOperation(row));
            total = row.getLong("total");
        }
        return new OperationPage(page, total);
    }

    private static OperationRow toOperation(Row row) {
        return new OperationRow(
                row.getString("operation_id"),
                row.getString("operation"),
                row.getString("status"),
                row.getOffsetDateTime("start_time"),
                row.getOffsetDateTime("end_time"),
                row.getString("requestor_type"),
                row.getString("requestor_id"),
                row.getString("reason"),
                row.getString("reason_code"),
                row.getString("details"),
                row.getString("error_code"),
                row.getString("error"));
    }
}
