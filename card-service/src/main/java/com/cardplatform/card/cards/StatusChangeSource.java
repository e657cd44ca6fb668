package com.cardplatform.card.cards;

/** Through which door a status change came: recorded in the card's status history. */
public enum StatusChangeSource {
    /** The card was provisioned by its issuer. */
    PROVISIONING,
    /** The issuer's status endpoint. */
    ISSUER_API,
    /** The Citi card status API ({@code PUT /v1/cards/status/detail}). */
    CARD_STATUS_API,
    /** consumer-service deleted the card's consumer. */
    CONSUMER_DELETION
}
