package com.cardplatform.consumer.repository;

/**
 * The event {@value #TYPE} (platform-events), written in the statement that creates or changes an operation: one
 * more CTE, so the event exists exactly when the change does and the write stays one round trip.
 * <p>
 * The recorded payload is the raw snapshot of the {@code consumer.operations} row as the statement left it
 * ({@code to_jsonb} of the row: snake_case columns, times as timestamps); {@code OperationEventRenderer} turns it
 * into D1's operation object with the code that renders the on-demand GET, so the two cannot drift apart. Every
 * column of the row is public (no PAN, code or secret in an operation).
 */
public final class OperationEvents {

    public static final String TYPE = "consumer.operation.updated";

    private OperationEvents() {
    }

    /**
     * The CTE {@code <name> AS (INSERT INTO consumer.outbox_event ...)} over {@code source}, a CTE that returned
     * {@code operation_id}, {@code issuer_id} and {@code snapshot} (= {@code to_jsonb} of the operations row);
     * {@code correlation} and {@code traceparent} are SQL expressions (a parameter, or a column of the source): the
     * request's correlation id and W3C traceparent, so that the event is delivered in the request's trace.
     */
    static String insertFrom(String name, String source, String correlation, String traceparent) {
        return " " + name + " AS ("
                + "  INSERT INTO consumer.outbox_event (event_type, tenant, entity_id, payload, correlation_id,"
                + "         traceparent)"
                + "  SELECT '" + TYPE + "', 'issuer:' || issuer_id, operation_id, snapshot, " + correlation + ", "
                + traceparent
                + "    FROM " + source + ")";
    }
}
