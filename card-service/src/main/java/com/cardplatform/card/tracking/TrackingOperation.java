package com.cardplatform.card.tracking;

import java.time.OffsetDateTime;

/** A STANDALONE_TRACKING operation as stored (shipment data only, never card data). */
public record TrackingOperation(String operationId, String issuerId, String cardId, TrackingType trackingType,
        OperationStatus status, String detailsStatus, String carrier, String trackingNumber, String shipmentStatus,
        String trackingUrl, OffsetDateTime startTime, OffsetDateTime endTime) {
}
