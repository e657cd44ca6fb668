package com.cardplatform.card.cards.service;

import com.cardplatform.card.Failures;
import com.cardplatform.card.cards.Card;
import com.cardplatform.card.cards.CardKey;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.CardStatusChange;
import com.cardplatform.card.cards.DigitalCard;
import com.cardplatform.card.cards.DigitalCardKey;
import com.cardplatform.card.cards.DigitalCardStatus;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.card.cards.api.AddDigitalCardRequest;
import com.cardplatform.card.cards.api.ProvisionCardRequest;
import com.cardplatform.card.cards.repository.CardRepository;
import com.cardplatform.card.cards.repository.DigitalCardRepository;
import com.cardplatform.card.cards.repository.StatusHistoryRepository;
import com.cardplatform.errors.ApiError;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The issuer's side of the card registry: provisioning and reading cards and digital cards. */
@ApplicationScoped
public class CardService {

    private final CardRepository cards;
    private final DigitalCardRepository digitalCards;
    private final StatusHistoryRepository history;
    private final PanDigester digester;

    public CardService(CardRepository cards, DigitalCardRepository digitalCards, StatusHistoryRepository history,
            PanDigester digester) {
        this.cards = cards;
        this.digitalCards = digitalCards;
        this.history = history;
        this.digester = digester;
    }

    /** Registers an ACTIVE card, with the first row of its status history. */
    @WithTransaction
    public Uni<Card> provision(String issuerId, String requestedBy, String requestId, ProvisionCardRequest request) {
        if (request.pan() != null && !PanDigester.luhn(request.pan())) {
            return Uni.createFrom().failure(ApiError.invalidValue("pan", "pan fails the Luhn check"));
        }
        Card card = newCard(issuerId, request);
        return cards.findCard(issuerId, request.cardId())
                .onItem().ifNotNull().failWith(() -> duplicateCard())
                .chain(() -> cards.persistAndFlush(card))
                .chain(() -> history.persistAndFlush(firstChange(card, requestedBy, requestId)))
                .replaceWith(card)
                .onFailure(Failures::uniqueViolation).transform(e -> duplicateCard());
    }

    @WithSession
    public Uni<Card> get(String issuerId, String cardId) {
        return cards.findCard(issuerId, cardId)
                .onItem().ifNull().failWith(CardService::cardNotFound);
    }

    @WithSession
    public Uni<List<Card>> listByConsumer(String issuerId, String consumerId) {
        return cards.listByConsumer(issuerId, consumerId);
    }

    /** A wallet token of an ACTIVE card; the card is locked so that a concurrent block cannot be missed. */
    @WithTransaction
    public Uni<DigitalCard> addDigitalCard(String issuerId, String cardId, AddDigitalCardRequest request) {
        return cards.findById(new CardKey(issuerId, cardId), LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(CardService::cardNotFound)
                .invoke(card -> {
                    if (card.status != CardStatus.ACTIVE) {
                        throw ApiError.operationNotAllowed("digitalCards",
                                "A digital card can only be added to an ACTIVE card");
                    }
                })
                .chain(card -> digitalCards.findById(new DigitalCardKey(issuerId, request.digitalCardId())))
                .onItem().ifNotNull().failWith(() -> duplicateDigitalCard())
                .chain(() -> digitalCards.persistAndFlush(newDigitalCard(issuerId, cardId, request)))
                .onFailure(Failures::uniqueViolation).transform(e -> duplicateDigitalCard());
    }

    @WithSession
    public Uni<List<DigitalCard>> listDigitalCards(String issuerId, String cardId) {
        return cards.findCard(issuerId, cardId)
                .onItem().ifNull().failWith(CardService::cardNotFound)
                .chain(card -> digitalCards.listByCard(issuerId, cardId));
    }

    @WithSession
    public Uni<List<CardStatusChange>> statusHistory(String issuerId, String cardId) {
        return cards.findCard(issuerId, cardId)
                .onItem().ifNull().failWith(CardService::cardNotFound)
                .chain(card -> history.listByCard(issuerId, cardId));
    }

    public static ApiError cardNotFound() {
        return ApiError.notFound("No card with this cardId for this issuer");
    }

    private static ApiError duplicateCard() {
        return ApiError.conflict("A card with this cardId already exists for this issuer");
    }

    private static ApiError duplicateDigitalCard() {
        return ApiError.conflict("A digital card with this digitalCardId already exists for this issuer");
    }

    private Card newCard(String issuerId, ProvisionCardRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Card card = new Card();
        card.issuerId = issuerId;
        card.cardId = request.cardId();
        card.consumerId = request.consumerId();
        card.accountId = request.accountId();
        card.customerNumber = request.customerNumber();
        card.productType = request.productType();
        card.programId = request.programId();
        card.proxyNumber = request.proxyNumber();
        if (request.pan() != null) {
            card.panDigest = digester.digest(request.pan());
            card.panLastDigits = request.pan().substring(request.pan().length() - 4);
        }
        card.status = CardStatus.ACTIVE;
        card.createdAt = now;
        card.updatedAt = now;
        return card;
    }

    private static CardStatusChange firstChange(Card card, String requestedBy, String requestId) {
        CardStatusChange change = new CardStatusChange();
        change.issuerId = card.issuerId;
        change.cardId = card.cardId;
        change.toStatus = CardStatus.ACTIVE;
        change.source = StatusChangeSource.PROVISIONING;
        change.requestedBy = requestedBy;
        change.requestId = requestId;
        change.changedAt = card.createdAt;
        return change;
    }

    private static DigitalCard newDigitalCard(String issuerId, String cardId, AddDigitalCardRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DigitalCard digital = new DigitalCard();
        digital.issuerId = issuerId;
        digital.digitalCardId = request.digitalCardId();
        digital.cardId = cardId;
        digital.walletProvider = request.walletProvider();
        digital.deviceType = request.deviceType();
        digital.status = DigitalCardStatus.ACTIVE;
        digital.createdAt = now;
        digital.updatedAt = now;
        return digital;
    }
}
