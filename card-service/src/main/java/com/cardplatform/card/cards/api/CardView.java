package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.Card;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.ProductType;
import com.cardplatform.primitives.time.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A card as the issuer sees it (never the PAN, only its last four digits). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CardView(String cardId, String consumerId, String accountId, String customerNumber,
        ProductType productType, String programId, String proxyNumber, String panLastDigits, CardStatus status,
        String statusReason, String createdAt, String updatedAt) {

    public static CardView of(Card card) {
        return new CardView(card.cardId, card.consumerId, card.accountId, card.customerNumber, card.productType,
                card.programId, card.proxyNumber, card.panLastDigits, card.status, card.statusReason,
                Timestamps.format(card.createdAt), Timestamps.format(card.updatedAt));
    }
}
