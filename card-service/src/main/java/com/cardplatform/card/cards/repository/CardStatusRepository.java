package com.cardplatform.card.cards.repository;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.ProductType;
import com.cardplatform.card.cards.StatusChangeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Status changes on the reactive client directly: they are the hot path of the card status API and the bulk
 * path of the consumer deletion cascade. Cards are locked ({@code FOR UPDATE}) in the caller's transaction, then
 * every change, the digital cards that follow and the history rows are written by one statement.
 */
@ApplicationScoped
public class CardStatusRepository {

    private static final String LOCK_COLUMNS = "SELECT card_id, product_type, status, status_reason FROM card.cards ";

    private static final String APPLY = """
            WITH changes AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS c(card_id, from_status, to_status)
            ), updated AS (
                UPDATE card.cards k
                   SET status = c.to_status,
                       status_reason = $5,
                       version = k.version + 1,
                       updated_at = now(),
                       pan_digest = CASE WHEN c.to_status = 'DELETED' THEN NULL ELSE k.pan_digest END
                  FROM changes c
                 WHERE k.issuer_id = $1 AND k.card_id = c.card_id
                RETURNING k.card_id, c.from_status, c.to_status
            ), digital AS (
                UPDATE card.digital_cards d
                   SET status = CASE u.to_status WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'BLOCKED' THEN 'SUSPENDED'
                                                 ELSE 'DELETED' END,
                       updated_at = now()
                  FROM updated u
                 WHERE d.issuer_id = $1 AND d.card_id = u.card_id AND d.status <> 'DELETED'
                   AND d.status <> CASE u.to_status WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'BLOCKED' THEN 'SUSPENDED'
                                                    ELSE 'DELETED' END
                RETURNING d.status
            ), history AS (
                INSERT INTO card.card_status_history
                       (issuer_id, card_id, from_status, to_status, reason, reason_code, source, requested_by, request_id)
                SELECT $1, u.card_id, u.from_status, u.to_status, $6, $7, $8, $9, $10 FROM updated u
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM updated) AS cards,
                   (SELECT count(*) FROM digital WHERE status = 'DELETED') AS deleted_digital_cards,
                   (SELECT count(*) FROM history) AS history
            """;

    /** A card as seen under its row lock. */
    public record LockedCard(String cardId, ProductType productType, CardStatus status, String statusReason) {
    }

    /** One card moving from one status to another. */
    public record Change(String cardId, CardStatus from, CardStatus to) {
    }

    /** Why, by whom and through which API a set of changes is made. */
    public record Audit(StatusChangeSource source, String requestedBy, String requestId, String reason,
            String reasonCode) {

        /** What the card itself keeps as the reason of its current status. */
        public String statusReason() {
            return reasonCode != null ? reasonCode : reason;
        }
    }

    /** How many rows one call changed. */
    public record Applied(long cards, long deletedDigitalCards) {
    }

    public Uni<LockedCard> lockCard(SqlConnection connection, String issuerId, String cardId) {
        return connection.preparedQuery(LOCK_COLUMNS + "WHERE issuer_id = $1 AND card_id = $2 FOR UPDATE")
                .execute(Tuple.of(issuerId, cardId))
                .map(rows -> rows.size() == 0 ? null : locked(rows.iterator().next()));
    }

    /** The account's cards that still exist, optionally only those of one customer number. */
    public Uni<List<LockedCard>> lockByAccount(SqlConnection connection, String issuerId, String accountId,
            String customerNumber) {
        return connection.preparedQuery(LOCK_COLUMNS
                        + "WHERE issuer_id = $1 AND account_id = $2 AND status <> 'DELETED' "
                        + "AND ($3::text IS NULL OR customer_number = $3) ORDER BY card_id FOR UPDATE")
                .execute(Tuple.of(issuerId, accountId, customerNumber))
                .map(CardStatusRepository::lockedList);
    }

    /** The consumer's cards that are not deleted yet. */
    public Uni<List<LockedCard>> lockByConsumer(SqlConnection connection, String issuerId, String consumerId) {
        return connection.preparedQuery(LOCK_COLUMNS
                        + "WHERE issuer_id = $1 AND consumer_id = $2 AND status <> 'DELETED' ORDER BY card_id FOR UPDATE")
                .execute(Tuple.of(issuerId, consumerId))
                .map(CardStatusRepository::lockedList);
    }

    public Uni<Applied> apply(SqlConnection connection, String issuerId, List<Change> changes, Audit audit) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(new Applied(0, 0));
        }
        String[] ids = new String[changes.size()];
        String[] from = new String[changes.size()];
        String[] to = new String[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            ids[i] = changes.get(i).cardId();
            from[i] = changes.get(i).from().name();
            to[i] = changes.get(i).to().name();
        }
        Tuple params = Tuple.of(issuerId)
                .addArrayOfString(ids)
                .addArrayOfString(from)
                .addArrayOfString(to)
                .addString(audit.statusReason())
                .addString(audit.reason())
                .addString(audit.reasonCode())
                .addString(audit.source().name())
                .addString(audit.requestedBy())
                .addString(audit.requestId());
        return connection.preparedQuery(APPLY)
                .execute(params)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Applied(row.getLong("cards"), row.getLong("deleted_digital_cards"));
                });
    }

    private static List<LockedCard> lockedList(RowSet<Row> rows) {
        List<LockedCard> cards = new ArrayList<>(rows.size());
        for (Row row : rows) {
            cards.add(locked(row));
        }
        return cards;
    }

    private static LockedCard locked(Row row) {
        return new LockedCard(row.getString("card_id"), ProductType.valueOf(row.getString("product_type")),
                CardStatus.valueOf(row.getString("status")), row.getString("status_reason"));
    }
}
