package com.cardplatform.card.tracking;

/**
 * Where a parcel is, as {@code details.shipment.status} reports it (D1 calls it "carrier shipment status" and
 * publishes no list; the values are ours), with the normalised message displayed when the carrier sent none.
 */
public enum ShipmentStatus {
    /** The issuer gave the carrier and tracking number; the carrier has not reported the parcel yet. */
    INFO_RECEIVED("Shipment information received, awaiting the carrier"),
    IN_TRANSIT("In transit"),
    OUT_FOR_DELIVERY("Out for delivery"),
    DELIVERED("Delivered"),
    RETURNED_TO_SENDER("Returned to sender"),
    LOST("Lost by the carrier");

    private final String message;

    ShipmentStatus(String message) {
        this.message = message;
    }

    /** The message displayed for this status when the carrier's update carried none. */
    public String defaultMessage() {
        return message;
    }

    /** The default message of a stored status, or null for a value this version does not know. */
    public static String defaultMessage(String status) {
        for (ShipmentStatus known : values()) {
            if (known.name().equals(status)) {
                return known.message;
            }
        }
        return null;
    }
}
