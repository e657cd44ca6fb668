package com.cardplatform.consumer.repository;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.consumer.Operation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Operations written by the lifecycle transactions (reads for the API go through {@link OperationQueries}). */
@ApplicationScoped
public class OperationRepository implements PanacheRepositoryBase<Operation, String> {

    /*
     * The operation and its consumer.operation.updated event in one statement of the lifecycle transaction, in place
     * of persisting the entity: the transaction keeps its number of round trips, and the event is written from the
     * row as PostgreSQL stored it, like the delete's. Hibernate parses native SQL for named parameters, so the
     * statement has no "::" cast (the colon of 'issuer:' is inside a literal, which the parser skips).
     */
    private static final String INSERT = "WITH op AS ("
            + "  INSERT INTO consumer.operations AS o (operation_id, issuer_id, consumer_id, operation, status,"
            + "         start_time, end_time, requestor_type, requestor_id, reason, reason_code)"
            + "  VALUES (:operationId, :issuerId, :consumerId, :operation, :status, :startTime, :endTime,"
            + "          :requestorType, :requestorId, :reason, :reasonCode)"
            + "  RETURNING o.operation_id, o.issuer_id, to_jsonb(o) AS snapshot),"
            + OperationEvents.insertFrom("event", "op", ":correlationId", ":traceparent")
            + " SELECT count(*) FROM op";

    /**
     * Inserts {@code op} (not managed by the session afterwards: nothing changes it later in the transaction) with
     * its event, within the current transaction. The consumer row it refers to must have been flushed.
     */
    public Uni<Operation> insertWithEvent(Operation op, String correlationId) {
        return getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("operationId", op.operationId)
                        .setParameter("issuerId", op.issuerId)
                        .setParameter("consumerId", op.consumerId)
                        .setParameter("operation", op.operation.name())
                        .setParameter("status", op.status.name())
                        .setParameter("startTime", utc(op.startTime))
                        .setParameter("endTime", utc(op.endTime))
                        .setParameter("requestorType", op.requestorType.name())
                        .setParameter("requestorId", op.requestorId)
                        .setParameter("reason", op.reason)
                        .setParameter("reasonCode", op.reasonCode == null ? null : op.reasonCode.name())
                        .setParameter("correlationId", correlationId)
                        .setParameter("traceparent", Traceparent.current())
                        .executeUpdate())
                .replaceWith(op);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
