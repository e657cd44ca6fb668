package com.cardplatform.card.cards.service;

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
import com.cardplatform.card.events.CardEvents;
import com.cardplatform.errors.ApiError;
import com.cardplatform.primitives.cards.Luhn;
import com.cardplatform.errors.db.DatabaseFailures;
import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.runtime.write.WriteTransaction;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The issuer's side of the card registry: provisioning and reading cards and digital cards. */
@ApplicationScoped
public class CardService {

    private final CardRepository cards;
    private final DigitalCardRepository digitalCards;
    private final StatusHistoryRepository history;
    private final PanDigester digester;
    private final CardEvents events;

    public CardService(CardRepository cards, DigitalCardRepository digitalCards, StatusHistoryRepository history,
            PanDigester digester, CardEvents events) {
        this.cards = cards;
        this.digitalCards = digitalCards;
        this.history = history;
        this.digester = digester;
        this.events = events;
    }

    /**
     * Registers an ACTIVE card, with the first row of its status history and its first {@code card.status.changed}
     * event (in the same transaction). A cardId in use is a conflict, unless the
     * request is the one that registered it (the same body): then the card is answered again (201), so that a
     * partner who repeats a request whose outcome was unknown (a 503 with {@code Write-Outcome: unknown}) gets the
     * original result instead of a 409.
     */
    @WriteTransaction
    public Uni<Card> provision(String issuerId, String requestedBy, String requestId, ProvisionCardRequest request) {
        if (request.pan() != null && !Luhn.valid(request.pan())) {
            return Uni.createFrom().failure(ApiError.invalidValue("pan", "pan fails the Luhn check"));
        }
        return cards.findCard(issuerId, request.cardId())
                .chain(existing -> {
                    if (existing != null) {
                        return sameCard(existing, request)
                                ? Uni.createFrom().item(existing)
                                : Uni.createFrom().failure(duplicateCard());
                    }
                    Card card = newCard(issuerId, request);
                    return cards.persistAndFlush(card)
                            .chain(() -> history.persistAndFlush(firstChange(card, requestedBy, requestId)))
                            .chain(() -> events.cardProvisioned(card))
                            .replaceWith(card);
                })
                .onFailure(DatabaseFailures::uniqueViolation).transform(e -> duplicateCard());
    }

    /**
     * Whether {@code request} is the one that registered {@code card}: every field equal, the PAN recognised by its
     * digest (or absent from both). A deleted card's id is retired (its PAN digest is erased anyway): never.
     */
    private boolean sameCard(Card card, ProvisionCardRequest request) {
        boolean samePan = request.pan() == null
                ? card.panDigest == null && card.panLastDigits == null
                : digester.matches(request.pan(), card.panDigest);
        return card.status != CardStatus.DELETED && samePan
                && Objects.equals(card.consumerId, request.consumerId())
                && Objects.equals(card.accountId, request.accountId())
                && Objects.equals(card.customerNumber, request.customerNumber())
                && card.productType == request.productType()
                && Objects.equals(card.programId, request.programId())
                && Objects.equals(card.proxyNumber, request.proxyNumber());
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

    /**
     * A wallet token of an ACTIVE card; the card is locked so that a concurrent block cannot be missed. The request
     * that registered a digital card (same card, wallet provider and device type) is answered again with it (201),
     * whatever its card's status now; a digitalCardId in use otherwise is a conflict.
     */
    @WriteTransaction
    public Uni<DigitalCard> addDigitalCard(String issuerId, String cardId, AddDigitalCardRequest request) {
        return cards.findById(new CardKey(issuerId, cardId), LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(CardService::cardNotFound)
                .chain(card -> digitalCards.findById(new DigitalCardKey(issuerId, request.digitalCardId()))
                        .chain(existing -> {
                            if (existing != null && sameDigitalCard(existing, cardId, request)) {
                                return Uni.createFrom().item(existing);
                            }
                            if (card.status != CardStatus.ACTIVE) {
                                return Uni.createFrom().failure(ApiError.operationNotAllowed("digitalCards",
                                        "A digital card can only be added to an ACTIVE card"));
                            }
                            if (existing != null) {
                                return Uni.createFrom().failure(duplicateDigitalCard());
                            }
                            DigitalCard digital = newDigitalCard(issuerId, cardId, request);
                            return digitalCards.persistAndFlush(digital)
                                    .chain(() -> events.digitalCardRegistered(digital))
                                    .replaceWith(digital);
                        }))
                .onFailure(DatabaseFailures::uniqueViolation).transform(e -> duplicateDigitalCard());
    }

    /** Whether {@code request} (for card {@code cardId}) is the one that registered {@code digital}. */
    private static boolean sameDigitalCard(DigitalCard digital, String cardId, AddDigitalCardRequest request) {
        return digital.status != DigitalCardStatus.DELETED
                && digital.cardId.equals(cardId)
                && digital.walletProvider == request.walletProvider()
                && digital.deviceType == request.deviceType();
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
        Instant now = Timestamps.now();
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
        Instant now = Timestamps.now();
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
