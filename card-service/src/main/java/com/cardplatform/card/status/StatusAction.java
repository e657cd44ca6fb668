package com.cardplatform.card.status;

import com.cardplatform.card.cards.CardStatus;

/** What a Citi {@code cardStatusCode} does to a card, per the configured code table. */
public enum StatusAction {
    /** Temporary block: the card can be unblocked later. */
    BLOCK(CardStatus.BLOCKED),
    /** Final: the card is lost. */
    BLOCK_LOST(CardStatus.LOST),
    /** Final: the card is stolen (or compromised by fraud). */
    BLOCK_STOLEN(CardStatus.STOLEN),
    UNBLOCK(CardStatus.ACTIVE);

    private final CardStatus target;

    StatusAction(CardStatus target) {
        this.target = target;
    }

    public CardStatus target() {
        return target;
    }
}
