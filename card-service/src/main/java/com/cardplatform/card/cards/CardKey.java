package com.cardplatform.card.cards;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of a card: card ids are unique within their issuer only. */
public class CardKey implements Serializable {

    public String issuerId;
    public String cardId;

    public CardKey() {
    }

    public CardKey(String issuerId, String cardId) {
        this.issuerId = issuerId;
        this.cardId = cardId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardKey other && Objects.equals(issuerId, other.issuerId)
                && Objects.equals(cardId, other.cardId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuerId, cardId);
    }
}
