package com.cardplatform.card.cards.repository;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.card.cards.CardLifecycle;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.ProductType;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import com.cardplatform.runtime.write.WriteOutcomes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every status change (issuer endpoint, Citi card status API, consumer deletion cascade) is one SQL statement,
 * one round trip, atomic: it locks the selected cards, looks up each card's target status (by product type) and
 * the decision of {@link CardLifecycle} for its move, and only if no card refuses, writes the cards, the digital
 * cards that follow them, the history rows and their events ({@code card.status.changed} per card,
 * {@code digital_card.status.changed} per digital card, into {@code card.outbox_event}: public data only, never
 * the PAN digest). A refused or repeated change changes no row, so it writes no event. The rules stay in Java: {@link CardLifecycle} is evaluated for
 * every (from, to) pair, once, and written into the statement as a {@code VALUES} table.
 */
@ApplicationScoped
public class CardStatusRepository {

    /**
     * The first %s is {@link CardLifecycle}'s decision table (generated once, see {@link #rules()}), the second the
     * selection predicate: one statement per kind of selection, so that each keeps its index plan.
     */
    private static final String CHANGE = """
            WITH rules (from_status, to_status, same_reason, other_reason) AS (
                VALUES %s
            ), targets AS (
                SELECT * FROM unnest($1::text[], $2::text[]) AS t(product_type, to_status)
            ), locked AS (
                SELECT c.card_id, c.status, c.status_reason, c.product_type
                  FROM card.cards c
                 WHERE c.issuer_id = $3 AND %s
                 ORDER BY c.card_id
                   FOR NO KEY UPDATE
            ), decided AS (
                SELECT l.card_id, l.status AS from_status, t.to_status,
                       CASE WHEN l.status_reason IS NOT DISTINCT FROM $6 THEN r.same_reason
                            ELSE r.other_reason END AS decision
                  FROM locked l
                  LEFT JOIN targets t ON t.product_type = l.product_type
                  LEFT JOIN rules r ON r.from_status = l.status AND r.to_status = t.to_status
            ), verdict AS (
                SELECT count(*) AS cards,
                       count(*) FILTER (WHERE decision IS NULL OR decision = 'FORBIDDEN') AS refused
                  FROM decided
            ), updated AS (
                UPDATE card.cards k
                   SET status = d.to_status,
                       status_reason = $6,
                       version = k.version + 1,
                       updated_at = now(),
                       pan_digest = CASE WHEN d.to_status = 'DELETED' THEN NULL ELSE k.pan_digest END
                  FROM decided d, verdict v
                 WHERE v.refused = 0 AND d.decision = 'CHANGE' AND k.issuer_id = $3 AND k.card_id = d.card_id
                RETURNING k.card_id, k.account_id, d.from_status, d.to_status
            ), digital AS (
                UPDATE card.digital_cards dc
                   SET status = CASE u.to_status WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'BLOCKED' THEN 'SUSPENDED'
                                                 ELSE 'DELETED' END,
                       updated_at = now()
                  FROM updated u, card.digital_cards old
                 WHERE dc.issuer_id = $3 AND dc.card_id = u.card_id AND dc.status <> 'DELETED'
                   AND dc.status <> CASE u.to_status WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'BLOCKED' THEN 'SUSPENDED'
                                                     ELSE 'DELETED' END
                   AND old.issuer_id = dc.issuer_id AND old.digital_card_id = dc.digital_card_id
                RETURNING dc.digital_card_id, dc.card_id, dc.status, old.status AS previous_status
            ), events AS (
                INSERT INTO card.outbox_event (event_type, tenant, entity_id, payload, correlation_id, traceparent)
                SELECT 'card.status.changed', 'issuer:' || $3, u.card_id,
                       jsonb_build_object('issuerId', $3::text, 'cardId', u.card_id, 'status', u.to_status,
                                          'previousStatus', u.from_status, 'source', $12::text)
                       || jsonb_strip_nulls(jsonb_build_object('accountId', u.account_id, 'reason', $6::text)), $13, $14
                  FROM updated u
                UNION ALL
                SELECT 'digital_card.status.changed', 'issuer:' || $3, g.digital_card_id,
                       jsonb_build_object('issuerId', $3::text, 'cardId', g.card_id, 'digitalCardId', g.digital_card_id,
                                          'status', g.status, 'previousStatus', g.previous_status, 'source', $12::text),
                       $13, $14
                  FROM digital g
                RETURNING 1
            ), history AS (
                INSERT INTO card.card_status_history
                       (issuer_id, card_id, from_status, to_status, reason, reason_code, source, requested_by, request_id)
                SELECT $3, u.card_id, u.from_status, u.to_status, $7, $8, $9, $10, $11 FROM updated u
                RETURNING 1
            ), %s
            SELECT v.cards, v.refused,
                   (SELECT count(*) FROM updated) AS changed,
                   (SELECT count(*) FROM digital WHERE status = 'DELETED') AS deleted_digital_cards,
                   (SELECT count(*) FROM history) AS history
              FROM verdict v
            """;

    /**
     * The request's {@code Idempotency-Key}, kept by the change itself when it is made (partner-guard's
     * {@link KeyInTheWrite}, parameters 15 to 21; none for a change without a key): its row exists exactly when the
     * cards moved, and a second request with the key fails on it and changes nothing.
     */
    private static final String KEPT_KEY = KeyInTheWrite.cte("card", 15,
            "EXISTS (SELECT 1 FROM verdict WHERE cards > 0 AND refused = 0)");
    private static final String BY_CARD = CHANGE.formatted(rules(), "c.card_id = $4 AND $5::text IS NULL", KEPT_KEY);
    private static final String BY_ACCOUNT = CHANGE.formatted(rules(),
            "c.account_id = $4 AND ($5::text IS NULL OR c.customer_number = $5) AND c.status <> 'DELETED'", KEPT_KEY);
    private static final String BY_CONSUMER = CHANGE.formatted(rules(),
            "c.consumer_id = $4 AND $5::text IS NULL AND c.status <> 'DELETED'", KEPT_KEY);

    /**
     * Which cards a change concerns: one card (even deleted: it then refuses), an account's cards that still
     * exist (optionally only one customer's), or a consumer's cards that still exist.
     */
    public record Selection(String sql, String issuerId, String key, String customerNumber) {

        public static Selection card(String issuerId, String cardId) {
            return new Selection(BY_CARD, issuerId, cardId, null);
        }

        public static Selection account(String issuerId, String accountId, String customerNumber) {
            return new Selection(BY_ACCOUNT, issuerId, accountId, customerNumber);
        }

        public static Selection consumer(String issuerId, String consumerId) {
            return new Selection(BY_CONSUMER, issuerId, consumerId, null);
        }
    }

    /** Why, by whom and through which API a change is made. */
    public record Audit(StatusChangeSource source, String requestedBy, String requestId, String reason,
            String reasonCode) {

        /** What the card itself keeps as the reason of its current status. */
        public String statusReason() {
            return reasonCode != null ? reasonCode : reason;
        }
    }

    /**
     * What happened: how many cards were selected, how many refused their move (then nothing was written), how
     * many changed, and how many digital cards were deleted with them.
     */
    public record Outcome(long cards, long refused, long changed, long deletedDigitalCards) {
    }

    private final Pool pool;

    public CardStatusRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Moves every selected card to the target of its product type (a product type without a target refuses).
     * All or nothing, in one statement that commits by itself: a connection lost once it was sent leaves its
     * outcome unknown ({@link WriteOutcomes#autocommit}). Repeating a change finds the cards already there and
     * writes nothing, so the repetition answers as the original did.
     */
    public Uni<Outcome> change(Selection selection, Map<ProductType, CardStatus> targets, Audit audit) {
        return change(selection, targets, audit, KeyRow.NONE);
    }

    /** {@link #change(Selection, Map, Audit)}, keeping the request's {@code Idempotency-Key} when it is made. */
    public Uni<Outcome> change(Selection selection, Map<ProductType, CardStatus> targets, Audit audit, KeyRow key) {
        List<String> types = new ArrayList<>(targets.size());
        List<String> statuses = new ArrayList<>(targets.size());
        targets.forEach((type, status) -> {
            types.add(type.name());
            statuses.add(status.name());
        });
        Tuple params = Tuple.tuple()
                .addArrayOfString(types.toArray(String[]::new))
                .addArrayOfString(statuses.toArray(String[]::new))
                .addString(selection.issuerId())
                .addString(selection.key())
                .addString(selection.customerNumber())
                .addString(audit.statusReason())
                .addString(audit.reason())
                .addString(audit.reasonCode())
                .addString(audit.source().name())
                .addString(audit.requestedBy())
                .addString(audit.requestId())
                .addString(audit.source().eventSource())
                .addString(RequestEdge.currentCorrelationId())
                .addString(Traceparent.current());
        key.addTo(params);
        return key.keptWith(WriteOutcomes.autocommit(pool.preparedQuery(selection.sql()).execute(params)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Outcome(row.getLong("cards"), row.getLong("refused"), row.getLong("changed"),
                            row.getLong("deleted_digital_cards"));
                });
    }

    /**
     * What the deletion of a consumer deleted, whenever it happened: its cards that the cascade moved to DELETED (a
     * consumer is deleted once, so these history rows are that one cascade's) and their digital cards now deleted.
     */
    private static final String CONSUMER_DELETION_TOTALS = """
            WITH deleted AS (
                SELECT DISTINCT h.card_id
                  FROM card.cards c
                  JOIN card.card_status_history h ON h.issuer_id = c.issuer_id AND h.card_id = c.card_id
                 WHERE c.issuer_id = $1 AND c.consumer_id = $2
                   AND h.source = 'CONSUMER_DELETION' AND h.to_status = 'DELETED'
            )
            SELECT (SELECT count(*) FROM deleted) AS cards,
                   (SELECT count(*) FROM card.digital_cards d JOIN deleted USING (card_id)
                     WHERE d.issuer_id = $1 AND d.status = 'DELETED') AS digital_cards
            """;

    /** Cards and digital cards deleted by the deletion cascade of this consumer (zeros if none ran). */
    public Uni<Outcome> consumerDeletionTotals(String issuerId, String consumerId) {
        return pool.preparedQuery(CONSUMER_DELETION_TOTALS)
                .execute(Tuple.of(issuerId, consumerId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long cards = row.getLong("cards");
                    return new Outcome(cards, 0, cards, row.getLong("digital_cards"));
                });
    }

    /**
     * {@link CardLifecycle}'s decision for every (from, to) pair, with the same and with another reason, as SQL
     * {@code VALUES} rows (constants from our own enums, never input).
     */
    static String rules() {
        List<String> rows = new ArrayList<>();
        for (CardStatus from : CardStatus.values()) {
            for (CardStatus to : CardStatus.values()) {
                rows.add("('" + from.name() + "', '" + to.name() + "', '"
                        + CardLifecycle.decide(from, "reason", to, "reason").name() + "', '"
                        + CardLifecycle.decide(from, "reason", to, "another reason").name() + "')");
            }
        }
        return String.join(", ", rows);
    }
}
