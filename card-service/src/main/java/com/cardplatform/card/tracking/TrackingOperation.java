package com.cardplatform.card.tracking;

import java.time.OffsetDateTime;

/**
 * A STANDALONE_TRACKING operation as stored (shipment data only, never card data). {@code shipmentMessage} is the
 * carrier's normalised message of the last update, null when it sent none.
 */
public record TrackingOperation(String operationId, String issuerId, String cardId, TrackingType trackingType,
        OperationStatus status, String detailsStatus, String productionSite, String carrier, String trackingNumber,
        String shipmentStatus, String shipmentMessage, String trackingUrl, OffsetDateTime startTime,
        OffsetDateTime endTime) {
}
