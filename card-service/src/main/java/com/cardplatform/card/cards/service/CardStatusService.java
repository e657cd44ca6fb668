package com.cardplatform.card.cards.service;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.ProductType;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.card.cards.api.CascadeResult;
import com.cardplatform.card.cards.repository.CardStatusRepository;
import com.cardplatform.card.cards.repository.CardStatusRepository.Audit;
import com.cardplatform.card.cards.repository.CardStatusRepository.Selection;
import com.cardplatform.errors.ApiError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Status changes requested by the issuer and by the consumer deletion cascade; the rules are
 * {@link com.cardplatform.card.cards.CardLifecycle}'s, applied atomically by {@link CardStatusRepository}.
 */
@ApplicationScoped
public class CardStatusService {

    /** Reason code recorded when consumer-service deletes the card's consumer. */
    public static final String CONSUMER_DELETED = "CONSUMER_DELETED";

    private final CardStatusRepository repository;

    public CardStatusService(CardStatusRepository repository) {
        this.repository = repository;
    }

    /** The same target whatever the card's product type. */
    public static Map<ProductType, CardStatus> every(CardStatus status) {
        Map<ProductType, CardStatus> targets = new EnumMap<>(ProductType.class);
        for (ProductType type : ProductType.values()) {
            targets.put(type, status);
        }
        return targets;
    }

    /** The issuer's own change; a move the lifecycle forbids is 403 OPERATION_NOT_ALLOWED ("status"). */
    public Uni<Void> changeByIssuer(String issuerId, String cardId, CardStatus to, String reason, String requestedBy,
            String requestId) {
        Audit audit = new Audit(StatusChangeSource.ISSUER_API, requestedBy, requestId, reason, null);
        return repository.change(Selection.card(issuerId, cardId), every(to), audit)
                .map(outcome -> {
                    if (outcome.cards() == 0) {
                        throw CardService.cardNotFound();
                    }
                    if (outcome.refused() > 0) {
                        throw ApiError.operationNotAllowed("status", "The card's status does not allow " + to);
                    }
                    return null;
                });
    }

    /**
     * Deletes every card of a consumer and their digital cards (soft delete: status DELETED, PAN digest erased).
     * Idempotent: a second call changes nothing and answers what the first one deleted, so that consumer-service
     * records the true counts even when the answer to its first call was lost (card-service stopped after the
     * commit, a timeout) and its outbox called again.
     */
    public Uni<CascadeResult> deleteConsumerCards(String issuerId, String consumerId, String requestedBy,
            String requestId) {
        Audit audit = new Audit(StatusChangeSource.CONSUMER_DELETION, requestedBy, requestId, null, CONSUMER_DELETED);
        return repository.change(Selection.consumer(issuerId, consumerId), every(CardStatus.DELETED), audit)
                .flatMap(outcome -> outcome.changed() > 0
                        ? Uni.createFrom().item(outcome)
                        : repository.consumerDeletionTotals(issuerId, consumerId))
                .map(outcome -> new CascadeResult(outcome.changed(), outcome.deletedDigitalCards()))
                .invoke(result -> Log.infof("Consumer deletion cascade for issuer %s: %d cards, %d digital cards deleted",
                        issuerId, result.deletedCards(), result.deletedDigitalCards()));
    }
}
