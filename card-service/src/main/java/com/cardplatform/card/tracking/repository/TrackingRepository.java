package com.cardplatform.card.tracking.repository;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingEventStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import com.cardplatform.errors.db.DatabaseFailures;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.runtime.write.WriteOutcomes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Tracking operations and carrier events on the reactive client: each request is one statement that commits by
 * itself, and writes the {@code tracking.operation.updated} event of every operation it creates or changes in the
 * same statement (the operation row as the payload, rendered by {@code TrackingEventRenderer} with the on-demand
 * GET's view) (the track request checks the card and inserts the operation in the same round trip; an event is recorded
 * and applied in the same statement, so a duplicate can never be applied twice). A connection lost once it was sent
 * leaves its outcome unknown ({@link WriteOutcomes#autocommit}); both answer a repetition with the original result.
 */
@ApplicationScoped
public class TrackingRepository {

    /**
     * The operation id is derived from the request ({@link #operationId}): a repeated request finds its operation
     * ({@code existing}, read in the statement's snapshot, so before this statement's own insert) and inserts
     * nothing; a concurrent twin is absorbed by the primary key.
     */
    private static final String CREATE = """
            WITH card AS (
                SELECT status, pan_digest FROM card.cards WHERE issuer_id = $1 AND card_id = $2
            ), existing AS (
                SELECT status FROM card.tracking_operations WHERE operation_id = $3 AND issuer_id = $1 AND card_id = $2
            ), inserted AS (
                INSERT INTO card.tracking_operations (operation_id, issuer_id, card_id, tracking_type, status,
                       details_status, carrier, tracking_number, shipment_status, tracking_url, requested_by, start_time)
                SELECT $3, $1, $2, $4, 'PENDING', $5, $6, $7, $8, $9, $10, $11 FROM card
                 WHERE NOT EXISTS (SELECT 1 FROM existing)
                   AND card.status = ANY($12::text[]) AND (card.pan_digest IS NULL OR card.pan_digest = $13)
                ON CONFLICT (operation_id) DO NOTHING
                RETURNING *
            ), event AS (
                INSERT INTO card.outbox_event (event_type, tenant, entity_id, payload, correlation_id, traceparent)
                SELECT 'tracking.operation.updated', 'issuer:' || i.issuer_id, i.operation_id, to_jsonb(i), $14, $15
                  FROM inserted i
                RETURNING 1
            )
            SELECT card.status, (card.pan_digest IS NULL OR card.pan_digest = $13) AS pan_matches,
                   (SELECT count(*) FROM inserted) AS inserted, (SELECT status FROM existing) AS existing_status
              FROM card
            """;

    private static final String FIND = """
            SELECT operation_id, issuer_id, card_id, tracking_type, status, details_status, production_site, carrier,
                   tracking_number, shipment_status, shipment_message, tracking_url, start_time, end_time
              FROM card.tracking_operations
             WHERE operation_id = $1 AND issuer_id = $2 AND card_id = $3
            """;

    /**
     * An event is recorded and applied in one statement, once per event id: an event id already recorded applies
     * nothing, and the statement says whether it was the same event (a repetition: its original count of changed
     * operations is kept in {@code applied}) or another one reusing the id. Two concurrent events with one id: the
     * second one's insert fails on the primary key, which undoes its whole statement (updates included).
     *
     * <p>{@code t} holds, per tracking type, what the event makes of an operation ({@link TrackingEventStatus}):
     * its status (null: the event does not concern that type), its details status (null: unchanged) and whether it
     * is the operation's one outcome. An operation takes the event while it is open (PENDING; a SHIPMENT stays open
     * once SUCCESSFUL, its shipment data keeps changing) and when the event is newer than its data (carrier time,
     * then rank) or is its outcome. Operations are found by id or by carrier and tracking number: two index scans.
     */
    private static final String APPLY_EVENT = """
            WITH previous AS (
                SELECT (e.operation_id IS NOT DISTINCT FROM $2 AND e.carrier IS NOT DISTINCT FROM $3
                        AND e.tracking_number IS NOT DISTINCT FROM $4 AND e.status = $5 AND e.occurred_at = $6
                        AND e.message IS NOT DISTINCT FROM $9 AND e.production_site IS NOT DISTINCT FROM $10) AS same,
                       e.applied
                  FROM card.tracking_events e
                 WHERE e.event_id = $1
            ), moved AS (
                UPDATE card.tracking_operations o
                   SET status = t.status,
                       details_status = COALESCE(t.details_status, o.details_status),
                       shipment_status = COALESCE($8, o.shipment_status),
                       shipment_message = CASE WHEN $8::text IS NULL THEN o.shipment_message ELSE $9 END,
                       production_site = COALESCE($10, o.production_site),
                       end_time = CASE WHEN t.status = 'PENDING' THEN NULL ELSE COALESCE(o.end_time, now()) END,
                       progress = $7,
                       last_event_at = GREATEST(o.last_event_at, $6)
                  FROM (VALUES ('PRODUCTION', $11::text, $14::text, $17::boolean),
                               ('SHIPMENT', $12::text, $15::text, $18::boolean),
                               ('RETURN', $13::text, $16::text, $19::boolean))
                       AS t (tracking_type, status, details_status, completes)
                 WHERE NOT EXISTS (SELECT 1 FROM previous)
                   AND t.tracking_type = o.tracking_type
                   AND t.status IS NOT NULL
                   AND (o.status = 'PENDING' OR o.tracking_type = 'SHIPMENT')
                   AND (t.completes OR o.last_event_at IS NULL
                        OR ($6::timestamptz, $7::smallint) > (o.last_event_at, o.progress))
                   AND (o.operation_id = $2 OR ($2::text IS NULL AND o.carrier = $3 AND o.tracking_number = $4))
                RETURNING o.*
            ), outbox AS (
                INSERT INTO card.outbox_event (event_type, tenant, entity_id, payload, correlation_id, traceparent)
                SELECT 'tracking.operation.updated', 'issuer:' || m.issuer_id, m.operation_id, to_jsonb(m), $20, $21
                  FROM moved m
                RETURNING 1
            ), event AS (
                INSERT INTO card.tracking_events (event_id, operation_id, carrier, tracking_number, status, occurred_at,
                       message, production_site, applied)
                SELECT $1, $2, $3, $4, $5, $6, $9, $10, (SELECT count(*) FROM moved)
                 WHERE NOT EXISTS (SELECT 1 FROM previous)
                RETURNING event_id
            )
            SELECT (SELECT count(*) FROM event) AS recorded, (SELECT count(*) FROM moved) AS applied,
                   (SELECT same FROM previous) AS same, (SELECT applied FROM previous) AS previously_applied
            """;

    /**
     * The operation a sandbox simulation moves: the card's latest pending PRODUCTION (for {@code PRODUCED}), else
     * its latest open SHIPMENT or RETURN (with this carrier and tracking number when given). Open as
     * {@link #APPLY_EVENT} means it: PENDING, or a SHIPMENT (which keeps taking updates).
     */
    private static final String SIMULATION_TARGET = """
            SELECT operation_id FROM card.tracking_operations
             WHERE issuer_id = $1 AND card_id = $2
               AND CASE WHEN $3 THEN tracking_type = 'PRODUCTION' AND status = 'PENDING'
                        ELSE tracking_type IN ('SHIPMENT', 'RETURN') AND (status = 'PENDING' OR tracking_type = 'SHIPMENT')
                             AND ($4::text IS NULL OR (carrier = $4 AND tracking_number = $5)) END
             ORDER BY start_time DESC, operation_id
             LIMIT 1
            """;

    /**
     * What the single round trip of a track request found; {@code existing} is the status of the operation when
     * the same request had already created it (then nothing was inserted), else null.
     */
    public record CreateResult(boolean cardFound, CardStatus cardStatus, boolean panMatches, boolean created,
            OperationStatus existing) {
    }

    /**
     * What an event did: {@code duplicate} when its id was already recorded for another event (nothing applied);
     * the repetition of a recorded event is not a duplicate: it answers the count of operations it changed then.
     */
    public record EventResult(boolean duplicate, long applied) {
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
                .addString(panDigest)
                .addString(RequestEdge.currentCorrelationId())
                .addString(Traceparent.current());
        return WriteOutcomes.autocommit(pool.preparedQuery(CREATE).execute(params))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new CreateResult(false, null, false, false, null);
                    }
                    Row row = rows.iterator().next();
                    String existing = row.getString("existing_status");
                    return new CreateResult(true, CardStatus.valueOf(row.getString("status")),
                            row.getBoolean("pan_matches"), row.getLong("inserted") > 0,
                            existing == null ? null : OperationStatus.valueOf(existing));
                });
    }

    /** The operation id a simulation of {@code status} moves on this card, or null when it has none. */
    public Uni<String> simulationTarget(String issuerId, String cardId, TrackingEventStatus status, String carrier,
            String trackingNumber) {
        return pool.preparedQuery(SIMULATION_TARGET)
                .execute(Tuple.of(issuerId, cardId, status == TrackingEventStatus.PRODUCED, carrier, trackingNumber))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("operation_id"));
    }

    public Uni<TrackingOperation> find(String issuerId, String cardId, String operationId) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(operationId, issuerId, cardId))
                .map(rows -> rows.size() == 0 ? null : operation(rows.iterator().next()));
    }

    /**
     * Records the event (once per event id) and changes the operations it concerns, never with older data than
     * they have. {@code message} is already normalised (null: none).
     */
    public Uni<EventResult> applyEvent(String eventId, String operationId, String carrier, String trackingNumber,
            TrackingEventStatus status, OffsetDateTime occurredAt, String message, String productionSite) {
        Tuple params = Tuple.of(eventId, operationId, carrier)
                .addString(trackingNumber)
                .addString(status.name())
                .addOffsetDateTime(occurredAt)
                .addShort((short) status.rank())
                .addString(status.shipmentStatus() == null ? null : status.shipmentStatus().name())
                .addString(message)
                .addString(productionSite);
        TrackingType[] types = {TrackingType.PRODUCTION, TrackingType.SHIPMENT, TrackingType.RETURN};
        for (TrackingType type : types) {
            TrackingEventStatus.Outcome outcome = status.outcomeFor(type);
            params.addString(outcome == null ? null : outcome.status().name());
        }
        for (TrackingType type : types) {
            TrackingEventStatus.Outcome outcome = status.outcomeFor(type);
            params.addString(outcome == null ? null : outcome.detailsStatus());
        }
        for (TrackingType type : types) {
            TrackingEventStatus.Outcome outcome = status.outcomeFor(type);
            params.addBoolean(outcome != null && outcome.completes());
        }
        params.addString(RequestEdge.currentCorrelationId()).addString(Traceparent.current());
        // a concurrent event with the same id made this one's statement fail (and undid it): run it again, it now
        // finds that event
        return applyEvent(params).onFailure(DatabaseFailures::uniqueViolation).recoverWithUni(() -> applyEvent(params));
    }

    private Uni<EventResult> applyEvent(Tuple params) {
        return WriteOutcomes.autocommit(pool.preparedQuery(APPLY_EVENT).execute(params))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("recorded") > 0) {
                        return new EventResult(false, row.getLong("applied"));
                    }
                    return Boolean.TRUE.equals(row.getBoolean("same"))
                            ? new EventResult(false, row.getLong("previously_applied"))
                            : new EventResult(true, 0);
                });
    }

    /**
     * The id of the operation a track request creates: a UUID (version 8, RFC 9562) made of the SHA-256 of the
     * request (issuer, card, tracking type and the exact JWE), so that the same request sent again names the same
     * operation. A JWE is randomised (ephemeral ECDH key, IV), so two track requests of an issuer never share one
     * unless one repeats the other; it is ciphertext, so the id reveals nothing of the card data.
     */
    public static String operationId(String issuerId, String cardId, TrackingType type, String encryptedData) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        for (String part : new String[] {issuerId, cardId, type.name()}) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        byte[] hash = sha256.digest(encryptedData.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    private static TrackingOperation operation(Row row) {
        return new TrackingOperation(row.getString("operation_id"), row.getString("issuer_id"),
                row.getString("card_id"), TrackingType.valueOf(row.getString("tracking_type")),
                OperationStatus.valueOf(row.getString("status")), row.getString("details_status"),
                row.getString("production_site"), row.getString("carrier"), row.getString("tracking_number"),
                row.getString("shipment_status"), row.getString("shipment_message"), row.getString("tracking_url"),
                row.getOffsetDateTime("start_time"), row.getOffsetDateTime("end_time"));
    }
}
