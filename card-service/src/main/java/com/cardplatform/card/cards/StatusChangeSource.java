package com.cardplatform.card.cards;

/**
 * Through which door a status change came: recorded in the card's status history, and named in the
 * {@code source} of its {@code card.status.changed} event in the events' vocabulary (platform-events README).
 */
public enum StatusChangeSource {
    /** The card was provisioned by its issuer. */
    PROVISIONING("PROVISIONING"),
    /** The issuer's status endpoint (D1 dialect). */
    ISSUER_API("D1"),
    /** The Citi card status API ({@code PUT /v1/cards/status/detail}). */
    CARD_STATUS_API("CITI"),
    /** consumer-service deleted the card's consumer. */
    CONSUMER_DELETION("CASCADE");

    private final String eventSource;

    StatusChangeSource(String eventSource) {
        this.eventSource = eventSource;
    }

    /** The {@code source} of the change's events. */
    public String eventSource() {
        return eventSource;
    }
}
