package com.cardplatform.card.events;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.card.cards.Card;
import com.cardplatform.card.cards.DigitalCard;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.errors.http.RequestEdge;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events of the writes that run in a Hibernate Reactive transaction (card and digital card provisioning):
 * one more statement in the same transaction, so the event exists exactly when the change is committed. The
 * single-statement writes (status changes, tracking) put theirs in the statement itself. Public data only: never
 * the PAN digest nor its last digits.
 */
@ApplicationScoped
public class CardEvents {

    public static final String CARD_STATUS_CHANGED = "card.status.changed";
    public static final String DIGITAL_CARD_STATUS_CHANGED = "digital_card.status.changed";

    /**
     * The payload is bound as text and cast by PostgreSQL: bound straight to a jsonb parameter, the reactive
     * client would encode the Java string as a JSON string value, not as the object it spells.
     */
    private static final String INSERT = "INSERT INTO card.outbox_event (event_type, tenant, entity_id, payload, "
            + "correlation_id, traceparent) VALUES (?1, ?2, ?3, CAST(CAST(?4 AS text) AS jsonb), ?5, ?6)";

    /** A provisioned card: its first status, from none. */
    public Uni<Void> cardProvisioned(Card card) {
        JsonObject data = new JsonObject()
                .put("issuerId", card.issuerId)
                .put("cardId", card.cardId)
                .put("accountId", card.accountId)
                .put("status", card.status.name())
                .putNull("previousStatus")
                .put("source", StatusChangeSource.PROVISIONING.eventSource());
        return insert(CARD_STATUS_CHANGED, card.issuerId, card.cardId, data);
    }

    /** A registered digital card: its first status, from none. */
    public Uni<Void> digitalCardRegistered(DigitalCard digital) {
        JsonObject data = new JsonObject()
                .put("issuerId", digital.issuerId)
                .put("cardId", digital.cardId)
                .put("digitalCardId", digital.digitalCardId)
                .put("status", digital.status.name())
                .putNull("previousStatus")
                .put("source", StatusChangeSource.PROVISIONING.eventSource());
        return insert(DIGITAL_CARD_STATUS_CHANGED, digital.issuerId, digital.digitalCardId, data);
    }

    private Uni<Void> insert(String type, String issuerId, String entityId, JsonObject data) {
        String correlationId = RequestEdge.currentCorrelationId();
        String traceparent = Traceparent.current();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, type)
                        .setParameter(2, "issuer:" + issuerId)
                        .setParameter(3, entityId)
                        .setParameter(4, data.encode())
                        .setParameter(5, correlationId)
                        .setParameter(6, traceparent)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
