package com.cardplatform.card.simulations;

import com.cardplatform.card.tracking.TrackingEventStatus;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sandbox partner can make happen to a card's parcel, and the carrier update it stands for. */
public enum SimulatedTrackingEvent {
    @JsonProperty("produced")
    PRODUCED(TrackingEventStatus.PRODUCED),
    @JsonProperty("in_transit")
    IN_TRANSIT(TrackingEventStatus.IN_TRANSIT),
    @JsonProperty("out_for_delivery")
    OUT_FOR_DELIVERY(TrackingEventStatus.OUT_FOR_DELIVERY),
    @JsonProperty("delivered")
    DELIVERED(TrackingEventStatus.DELIVERED),
    @JsonProperty("returned")
    RETURNED(TrackingEventStatus.RETURNED_TO_SENDER),
    @JsonProperty("lost")
    LOST(TrackingEventStatus.LOST);

    private final TrackingEventStatus status;

    SimulatedTrackingEvent(TrackingEventStatus status) {
        this.status = status;
    }

    public TrackingEventStatus status() {
        return status;
    }
}
