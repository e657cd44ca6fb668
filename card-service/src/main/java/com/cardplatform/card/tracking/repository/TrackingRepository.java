package com.cardplatform.card.tracking.repository;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingEventStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Tracking operations and carrier events on the reactive client: each request is one statement (the track
 * request checks the card and inserts the operation in the same round trip; an event is recorded and applied
 * in the same statement, so a duplicate can never be applied twice).
 */
@ApplicationScoped
public class TrackingRepository {

    private static final String CREATE = """
            WITH card AS (
                SELECT status, pan_digest FROM card.cards WHERE issuer_id = $1 AND card_id = $2
            ), inserted AS (
                INSERT INTO card.tracking_operations (operation_id, issuer_id, card_id, tracking_type, status,
                       details_status, carrier, tracking_number, shipment_status, tracking_url, requested_by, start_time)
                SELECT $3, $1, $2, $4, 'PENDING', $5, $6, $7, $8, $9, $10, $11 FROM card
                 WHERE card.status = ANY($12::text[]) AND (card.pan_digest IS NULL OR card.pan_digest = $13)
                RETURNING 1
            )
            SELECT card.status, (card.pan_digest IS NULL OR card.pan_digest = $13) AS pan_matches,
                   (SELECT count(*) FROM inserted) AS inserted
              FROM card
            """;

    private static final String FIND = """
            SELECT operation_id, issuer_id, card_id, tracking_type, status, details_status, carrier, tracking_number,
                   shipment_status, tracking_url, start_time, end_time
              FROM card.tracking_operations
             WHERE operation_id = $1 AND issuer_id = $2 AND card_id = $3
            """;

    private static final String APPLY_EVENT = """
            WITH event AS (
                INSERT INTO card.tracking_events (event_id, operation_id, carrier, tracking_number, status, occurred_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
            ), applied AS (
                UPDATE card.tracking_operations o
                   SET progress = $7,
                       shipment_status = COALESCE($8, o.shipment_status),
                       status = CASE o.tracking_type WHEN 'PRODUCTION' THEN $9 WHEN 'SHIPMENT' THEN $10 ELSE $11 END,
                       details_status = COALESCE(
                           CASE o.tracking_type WHEN 'PRODUCTION' THEN $12 WHEN 'SHIPMENT' THEN $13 ELSE $14 END,
                           o.details_status),
                       end_time = CASE WHEN $15 THEN now() ELSE NULL END,
                       last_event_at = GREATEST(o.last_event_at, $6)
                 WHERE EXISTS (SELECT 1 FROM event)
                   AND o.status = 'PENDING'
                   AND o.progress < $7
                   AND o.tracking_type = ANY($16::text[])
                   AND CASE WHEN $2::text IS NOT NULL THEN o.operation_id = $2
                            ELSE o.carrier = $3 AND o.tracking_number = $4 END
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM event) AS recorded, (SELECT count(*) FROM applied) AS applied
            """;

    /** What the single round trip of a track request found. */
    public record CreateResult(boolean cardFound, CardStatus cardStatus, boolean panMatches, boolean created) {
    }

    /** What an event did: {@code recorded=false} means a duplicate event id. */
    public record EventResult(boolean recorded, long applied) {
    }

    private final Pool pool;

    public TrackingRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the operation if the card exists, is in one of the allowed statuses and (when it has a PAN digest)
     * the digest matches; otherwise says which of these failed.
     */
    public Uni<CreateResult> create(TrackingOperation operation, String requestedBy, Set<CardStatus> allowed,
            String panDigest) {
        Tuple params = Tuple.of(operation.issuerId(), operation.cardId(), operation.operationId())
                .addString(operation.trackingType().name())
                .addString(operation.detailsStatus())
                .addString(operation.carrier())
                .addString(operation.trackingNumber())
                .addString(operation.shipmentStatus())
                .addString(operation.trackingUrl())
                .addString(requestedBy)
                .addOffsetDateTime(operation.startTime())
                .addArrayOfString(allowed.stream().map(Enum::name).toArray(String[]::new))
                .addString(panDigest);
        return pool.preparedQuery(CREATE)
                .execute(params)
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new CreateResult(false, null, false, false);
                    }
                    Row row = rows.iterator().next();
                    return new CreateResult(true, CardStatus.valueOf(row.getString("status")),
                            row.getBoolean("pan_matches"), row.getLong("inserted") > 0);
                });
    }

    public Uni<TrackingOperation> find(String issuerId, String cardId, String operationId) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(operationId, issuerId, cardId))
                .map(rows -> rows.size() == 0 ? null : operation(rows.iterator().next()));
    }

    /** Records the event (once per event id) and moves the operations it concerns forward, never backwards. */
    public Uni<EventResult> applyEvent(String eventId, String operationId, String carrier, String trackingNumber,
            TrackingEventStatus status, OffsetDateTime occurredAt) {
        Tuple params = Tuple.of(eventId, operationId, carrier)
                .addString(trackingNumber)
                .addString(status.name())
                .addOffsetDateTime(occurredAt)
                .addShort((short) status.rank())
                .addString(status.shipmentStatus())
                .addString(status.outcomeFor(TrackingType.PRODUCTION).status().name())
                .addString(status.outcomeFor(TrackingType.SHIPMENT).status().name())
                .addString(status.outcomeFor(TrackingType.RETURN).status().name())
                .addString(status.outcomeFor(TrackingType.PRODUCTION).detailsStatus())
                .addString(status.outcomeFor(TrackingType.SHIPMENT).detailsStatus())
                .addString(status.outcomeFor(TrackingType.RETURN).detailsStatus())
                .addBoolean(status.isFinal())
                .addArrayOfString(java.util.Arrays.stream(TrackingType.values())
                        .filter(status::appliesTo)
                        .map(Enum::name)
                        .toArray(String[]::new));
        return pool.preparedQuery(APPLY_EVENT)
                .execute(params)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new EventResult(row.getLong("recorded") > 0, row.getLong("applied"));
                });
    }

    private static TrackingOperation operation(Row row) {
        return new TrackingOperation(row.getString("operation_id"), row.getString("issuer_id"),
                row.getString("card_id"), TrackingType.valueOf(row.getString("tracking_type")),
                OperationStatus.valueOf(row.getString("status")), row.getString("details_status"),
                row.getString("carrier"), row.getString("tracking_number"), row.getString("shipment_status"),
                row.getString("tracking_url"), row.getOffsetDateTime("start_time"), row.getOffsetDateTime("end_time"));
    }
}
