-- A deletion whose cascade into card-service FAILED is completed by deleting the consumer again: a new DELETE
-- operation with its own outbox row, while the FAILED one keeps its error. So a consumer may now have several DELETE
-- operations, but at most one that has not FAILED (PENDING or SUCCESSFUL): a repeated delete answers that one, and
-- two concurrent repetitions after a failure cannot both start a cascade (the second one's INSERT violates this
-- index and is answered with the first one's operation).
DROP INDEX operations_one_delete;
CREATE UNIQUE INDEX operations_one_live_delete ON operations (issuer_id, consumer_id)
    WHERE operation = 'DELETE' AND status <> 'FAILED';
