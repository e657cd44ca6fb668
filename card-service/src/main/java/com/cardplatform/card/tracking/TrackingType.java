package com.cardplatform.card.tracking;

/** What the issuer asks the tracking hub to follow, and the {@code details.status} a new operation starts with. */
public enum TrackingType {
    /** The card is being manufactured; the card bureau reports its one outcome (by operation id). */
    PRODUCTION(null),
    /** The card is on its way to the cardholder (it has shipped); carrier and tracking number are required. */
    SHIPMENT(TrackingEventStatus.CARD_SHIPPED),
    /** The card is on its way back to the issuer; carrier and tracking number are optional. */
    RETURN(null);

    private final String initialDetailsStatus;

    TrackingType(String initialDetailsStatus) {
        this.initialDetailsStatus = initialDetailsStatus;
    }

    /** D1's {@code details.status} is a tracking result: none yet for a production or a return. */
    public String initialDetailsStatus() {
        return initialDetailsStatus;
    }
}
