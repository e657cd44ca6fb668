package com.cardplatform.card.cards;

/** How the card's account is classified: the card status API applies a different code table to each. */
public enum ProductType {
    DEBIT,
    CREDIT
}
