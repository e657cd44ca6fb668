package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.ShipmentStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import com.cardplatform.primitives.time.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A tracking operation as the issuer reads it. Times are ISO 8601 UTC with milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationView(String operationId, String operation, OperationStatus status, String startTime,
        String endTime, Details details) {

    public static final String STANDALONE_TRACKING = "STANDALONE_TRACKING";

    /**
     * What is being tracked and where it stands (D1's Tracking hub guide): {@code productionSite} when known,
     * {@code status} the tracking result ({@code CARD_SHIPPED}, {@code CARD_RETURNED}; none yet while a production
     * or a return is pending), {@code shipment} when there is a carrier.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(TrackingType trackingType, String productionSite, String status, Shipment shipment) {
    }

    /**
     * The carrier's side (D1's Track shipment guide): carrier code, tracking number, shipment status, a normalised
     * message for display and the carrier's tracking page when we know its address. Absent without a carrier.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(String carrier, String trackingNumber, String status, String message, String trackingUrl) {
    }

    public static OperationView of(TrackingOperation operation) {
        Shipment shipment = operation.carrier() == null ? null
                : new Shipment(operation.carrier(), operation.trackingNumber(), operation.shipmentStatus(),
                        operation.shipmentMessage() != null ? operation.shipmentMessage()
                                : ShipmentStatus.defaultMessage(operation.shipmentStatus()),
                        operation.trackingUrl());
        return new OperationView(operation.operationId(), STANDALONE_TRACKING, operation.status(),
                Timestamps.format(operation.startTime()), Timestamps.format(operation.endTime()),
                new Details(operation.trackingType(), operation.productionSite(), operation.detailsStatus(), shipment));
    }
}
