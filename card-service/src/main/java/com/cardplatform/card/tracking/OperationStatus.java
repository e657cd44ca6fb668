package com.cardplatform.card.tracking;

/** Status of a tracking operation: PENDING until a final update arrives. */
public enum OperationStatus {
    PENDING,
    SUCCESSFUL,
    FAILED
}
