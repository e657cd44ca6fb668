package com.cardplatform.consumer;

/** Lifecycle of a consumer. DELETED is final: the row stays as a tombstone and the consumerId is retired. */
public enum ConsumerStatus {
    ACTIVE,
    SUSPENDED,
    DELETED
}
