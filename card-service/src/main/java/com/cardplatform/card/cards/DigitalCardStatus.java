package com.cardplatform.card.cards;

/** Status of a digital card (wallet token); it follows its card (see {@link CardStatus#digitalCardStatus()}). */
public enum DigitalCardStatus {
    ACTIVE,
    SUSPENDED,
    DELETED
}
