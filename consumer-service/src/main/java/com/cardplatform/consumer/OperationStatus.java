package com.cardplatform.consumer;

/** D1 {@code status} of an operation. */
public enum OperationStatus {
    PENDING,
    SUCCESSFUL,
    FAILED
}
