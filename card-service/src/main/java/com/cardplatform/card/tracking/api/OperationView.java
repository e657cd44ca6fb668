package com.cardplatform.card.tracking.api;

import com.cardplatform.card.Timestamps;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A tracking operation as the issuer reads it. Times are ISO 8601 UTC with milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationView(String operationId, String operation, OperationStatus status, String startTime,
        String endTime, Details details) {

    public static final String STANDALONE_TRACKING = "STANDALONE_TRACKING";

    /** What is being tracked and where it stands. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(TrackingType trackingType, String status, Shipment shipment) {
    }

    /** The carrier's side; absent for production tracking (and for a return without carrier). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(String carrier, String trackingNumber, String status, String trackingUrl) {
    }

    public static OperationView of(TrackingOperation operation) {
        Shipment shipment = operation.carrier() == null ? null
                : new Shipment(operation.carrier(), operation.trackingNumber(), operation.shipmentStatus(),
                        operation.trackingUrl());
        return new OperationView(operation.operationId(), STANDALONE_TRACKING, operation.status(),
                Timestamps.format(operation.startTime()), Timestamps.format(operation.endTime()),
                new Details(operation.trackingType(), operation.detailsStatus(), shipment));
    }
}
