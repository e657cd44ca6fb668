package com.cardplatform.consumer;

/** Who initiated an operation (D1 {@code requestorType}); {@code requestorId} is then an issuerId, a consumerId or a CCI user id. */
public enum RequestorType {
    ISSUER,
    USER,
    CCI
}
