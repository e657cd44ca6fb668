package com.cardplatform.consumer.api;

/** The formats of seed 001, in one place for the DTOs and the resources. */
public final class Patterns {

    /** consumerId, operationId (and our accountId). */
    public static final String ID = "^[A-Za-z0-9_-]{1,64}$";
    /** Free text reason of an action. */
    public static final String REASON = "^[a-zA-Z0-9 ]{1,64}$";
    /** issuerId: exactly 10 characters. */
    public static final int ISSUER_ID_LENGTH = 10;

    public static final String SCOPE_OPERATIONS = "consumers:operations";
    public static final String SCOPE_PROVISIONING = "consumers:provisioning";

    private Patterns() {
    }
}
