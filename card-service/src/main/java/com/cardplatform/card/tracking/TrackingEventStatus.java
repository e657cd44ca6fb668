package com.cardplatform.card.tracking;

import java.util.EnumMap;
import java.util.Map;

/**
 * An update from a carrier (or the card bureau) and what it does to the operations it concerns. Each status
 * has a rank: an operation only ever moves to a higher rank, so an update that arrives late (out of order)
 * never moves it backwards, and nothing moves a finished operation.
 */
public enum TrackingEventStatus {
    IN_TRANSIT(1, "IN_TRANSIT", Map.of()),
    OUT_FOR_DELIVERY(2, "OUT_FOR_DELIVERY", Map.of()),
    DELIVERED(9, "DELIVERED", Map.of(
            TrackingType.SHIPMENT, outcome(OperationStatus.SUCCESSFUL, "CARD_DELIVERED"),
            TrackingType.RETURN, outcome(OperationStatus.SUCCESSFUL, "CARD_RETURNED"))),
    RETURNED_TO_SENDER(9, "RETURNED_TO_SENDER", Map.of(
            TrackingType.SHIPMENT, outcome(OperationStatus.FAILED, "CARD_RETURNED"),
            TrackingType.RETURN, outcome(OperationStatus.FAILED, "CARD_RETURN_FAILED"))),
    LOST(9, "LOST", Map.of(
            TrackingType.SHIPMENT, outcome(OperationStatus.FAILED, "CARD_LOST"),
            TrackingType.RETURN, outcome(OperationStatus.FAILED, "CARD_LOST"))),
    PRODUCED(9, null, Map.of(
            TrackingType.PRODUCTION, outcome(OperationStatus.SUCCESSFUL, "CARD_PRODUCED"))),
    PRODUCTION_FAILED(9, null, Map.of(
            TrackingType.PRODUCTION, outcome(OperationStatus.FAILED, "CARD_PRODUCTION_FAILED")));

    /** What an operation of one tracking type becomes. */
    public record Outcome(OperationStatus status, String detailsStatus) {
    }

    public static final int FINAL_RANK = 9;

    private final int rank;
    private final String shipmentStatus;
    private final Map<TrackingType, Outcome> outcomes;

    TrackingEventStatus(int rank, String shipmentStatus, Map<TrackingType, Outcome> outcomes) {
        this.rank = rank;
        this.shipmentStatus = shipmentStatus;
        this.outcomes = outcomes.isEmpty() ? Map.of() : new EnumMap<>(outcomes);
    }

    public int rank() {
        return rank;
    }

    public boolean isFinal() {
        return rank >= FINAL_RANK;
    }

    /** The shipment status it sets; null for bureau (production) updates. */
    public String shipmentStatus() {
        return shipmentStatus;
    }

    /** Whether it concerns operations of this tracking type at all. */
    public boolean appliesTo(TrackingType type) {
        return shipmentStatus != null ? type != TrackingType.PRODUCTION : type == TrackingType.PRODUCTION;
    }

    /** The operation's new status and details status for this type (PENDING and unchanged details if none). */
    public Outcome outcomeFor(TrackingType type) {
        return outcomes.getOrDefault(type, new Outcome(OperationStatus.PENDING, null));
    }

    private static Outcome outcome(OperationStatus status, String detailsStatus) {
        return new Outcome(status, detailsStatus);
    }
}
