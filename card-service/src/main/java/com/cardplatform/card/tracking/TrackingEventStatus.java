package com.cardplatform.card.tracking;

/**
 * An update from a carrier (or the card bureau) and what it does to the operations it names, following D1's
 * tracking hub: a PRODUCTION operation has one outcome (SUCCESSFUL, {@code CARD_SHIPPED}: production is complete
 * when the card ships); a SHIPMENT operation becomes SUCCESSFUL at its first shipment update and every later
 * change of shipment data updates it again (a lost or returned parcel is reported in {@code details.shipment} and
 * {@code details.status}, never as a failure); a RETURN operation has one outcome (SUCCESSFUL,
 * {@code CARD_RETURNED}) when the returned card is delivered back, its shipment data following it until then.
 *
 * <p>Order: an update replaces the shipment data of an operation only when it is newer (the carrier's
 * {@code occurredAt}, then the {@link #rank()} at equal times), so an update that arrives late never overwrites
 * a newer one; an update that completes an operation (its one outcome) completes it whatever its time. Nothing
 * changes a completed PRODUCTION or RETURN operation.
 */
public enum TrackingEventStatus {
    IN_TRANSIT(1, ShipmentStatus.IN_TRANSIT),
    OUT_FOR_DELIVERY(2, ShipmentStatus.OUT_FOR_DELIVERY),
    DELIVERED(9, ShipmentStatus.DELIVERED),
    RETURNED_TO_SENDER(9, ShipmentStatus.RETURNED_TO_SENDER),
    LOST(9, ShipmentStatus.LOST),
    /** From the card bureau, by operation id: the card is produced and handed over to the carrier. */
    PRODUCED(9, null);

    /** D1's {@code details.status}: the card has been handed over to the carrier. */
    public static final String CARD_SHIPPED = "CARD_SHIPPED";
    /** D1's {@code details.status}: the card came back. */
    public static final String CARD_RETURNED = "CARD_RETURNED";

    /**
     * What an operation of one tracking type becomes: its status, its {@code details.status} (null: unchanged)
     * and whether this update is the operation's one outcome (applied whatever its time).
     */
    public record Outcome(OperationStatus status, String detailsStatus, boolean completes) {
    }

    private final int rank;
    private final ShipmentStatus shipmentStatus;

    TrackingEventStatus(int rank, ShipmentStatus shipmentStatus) {
        this.rank = rank;
        this.shipmentStatus = shipmentStatus;
    }

    /** Breaks ties between updates of the same time: the later step of a delivery wins. */
    public int rank() {
        return rank;
    }

    /** The shipment status it sets; null for the bureau's update (production has no shipment). */
    public ShipmentStatus shipmentStatus() {
        return shipmentStatus;
    }

    /** What it does to an operation of this type, or null when it does not concern that type. */
    public Outcome outcomeFor(TrackingType type) {
        if (shipmentStatus == null) {
            return type == TrackingType.PRODUCTION ? new Outcome(OperationStatus.SUCCESSFUL, CARD_SHIPPED, true) : null;
        }
        return switch (type) {
            case PRODUCTION -> null;
            case SHIPMENT -> new Outcome(OperationStatus.SUCCESSFUL,
                    this == RETURNED_TO_SENDER ? CARD_RETURNED : CARD_SHIPPED, false);
            case RETURN -> this == DELIVERED
                    ? new Outcome(OperationStatus.SUCCESSFUL, CARD_RETURNED, true)
                    : new Outcome(OperationStatus.PENDING, null, false);
        };
    }
}
