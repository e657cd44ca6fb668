package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.OperationStatus;

/** The operation a track request opened (read it later at {@code .../operations/{operationId}}). */
public record TrackResponse(String operationId, OperationStatus status) {
}
