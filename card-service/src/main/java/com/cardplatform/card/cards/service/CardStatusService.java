package com.cardplatform.card.cards.service;

import com.cardplatform.card.cards.CardLifecycle;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.card.cards.api.CascadeResult;
import com.cardplatform.card.cards.repository.CardStatusRepository;
import com.cardplatform.card.cards.repository.CardStatusRepository.Audit;
import com.cardplatform.card.cards.repository.CardStatusRepository.Change;
import com.cardplatform.errors.ApiError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Status changes requested by the issuer and by the consumer deletion cascade. Each runs in one transaction:
 * lock the cards, ask {@link CardLifecycle}, write changes, digital cards and history in one statement.
 */
@ApplicationScoped
public class CardStatusService {

    /** Reason code recorded when consumer-service deletes the card's consumer. */
    public static final String CONSUMER_DELETED = "CONSUMER_DELETED";

    private final Pool pool;
    private final CardStatusRepository repository;

    public CardStatusService(Pool pool, CardStatusRepository repository) {
        this.pool = pool;
        this.repository = repository;
    }

    /** The issuer's own change; a move the lifecycle forbids is 403 OPERATION_NOT_ALLOWED ("status"). */
    public Uni<Void> changeByIssuer(String issuerId, String cardId, CardStatus to, String reason, String requestedBy,
            String requestId) {
        Audit audit = new Audit(StatusChangeSource.ISSUER_API, requestedBy, requestId, reason, null);
        return pool.withTransaction(connection -> repository.lockCard(connection, issuerId, cardId)
                .onItem().ifNull().failWith(CardService::cardNotFound)
                .chain(card -> switch (CardLifecycle.decide(card.status(), card.statusReason(), to,
                        audit.statusReason())) {
                    case NO_CHANGE -> Uni.createFrom().voidItem();
                    case FORBIDDEN -> Uni.createFrom().failure(ApiError.operationNotAllowed("status",
                            "A " + card.status() + " card cannot become " + to));
                    case CHANGE -> repository.apply(connection, issuerId,
                                    List.of(new Change(cardId, card.status(), to)), audit)
                            .replaceWithVoid();
                }));
    }

    /**
     * Deletes every card of a consumer and their digital cards (soft delete: status DELETED, PAN digest erased).
     * Idempotent: a second call finds nothing left and answers zeros.
     */
    public Uni<CascadeResult> deleteConsumerCards(String issuerId, String consumerId, String requestedBy,
            String requestId) {
        Audit audit = new Audit(StatusChangeSource.CONSUMER_DELETION, requestedBy, requestId, null, CONSUMER_DELETED);
        return pool.withTransaction(connection -> repository.lockByConsumer(connection, issuerId, consumerId)
                .map(cards -> cards.stream()
                        .map(card -> new Change(card.cardId(), card.status(), CardStatus.DELETED))
                        .toList())
                .chain(changes -> repository.apply(connection, issuerId, changes, audit)))
                .map(applied -> new CascadeResult(applied.cards(), applied.deletedDigitalCards()))
                .invoke(result -> Log.infof("Consumer deletion cascade for issuer %s: %d cards, %d digital cards deleted",
                        issuerId, result.deletedCards(), result.deletedDigitalCards()));
    }
}
