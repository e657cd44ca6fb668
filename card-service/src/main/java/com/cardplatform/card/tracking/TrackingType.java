package com.cardplatform.card.tracking;

/** What the issuer asks the tracking hub to follow, and the details status a new operation starts with. */
public enum TrackingType {
    /** The card is being manufactured; updates come from the card bureau (by operation id). */
    PRODUCTION("CARD_IN_PRODUCTION"),
    /** The card is on its way to the cardholder; carrier and tracking number are required. */
    SHIPMENT("CARD_SHIPPED"),
    /** The card is on its way back to the issuer; carrier and tracking number are optional. */
    RETURN("CARD_RETURN_IN_TRANSIT");

    private final String initialDetailsStatus;

    TrackingType(String initialDetailsStatus) {
        this.initialDetailsStatus = initialDetailsStatus;
    }

    public String initialDetailsStatus() {
        return initialDetailsStatus;
    }
}
