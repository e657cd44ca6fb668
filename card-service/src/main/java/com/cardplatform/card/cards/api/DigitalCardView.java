package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.DeviceType;
import com.cardplatform.card.cards.DigitalCard;
import com.cardplatform.card.cards.DigitalCardStatus;
import com.cardplatform.card.cards.WalletProvider;
import com.cardplatform.primitives.time.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A digital card as the issuer sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DigitalCardView(String digitalCardId, String cardId, WalletProvider walletProvider,
        DeviceType deviceType, DigitalCardStatus status, String createdAt, String updatedAt) {

    public static DigitalCardView of(DigitalCard card) {
        return new DigitalCardView(card.digitalCardId, card.cardId, card.walletProvider, card.deviceType,
                card.status, Timestamps.format(card.createdAt), Timestamps.format(card.updatedAt));
    }
}
