package com.cardplatform.consumer;

/** The operations recorded on a consumer (D1 {@code operation}). */
public enum OperationType {
    REGISTER,
    SUSPEND,
    RESUME,
    DELETE
}
