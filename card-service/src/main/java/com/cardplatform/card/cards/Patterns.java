package com.cardplatform.card.cards;

/** The documented formats of identifiers, shared by path parameters and bodies. */
public final class Patterns {

    /** D1 Tracking Hub: {@code cardId}. */
    public static final String CARD_ID = "^[A-Za-z0-9_-]{1,48}$";
    /** D1 consumer operations: {@code consumerId}. */
    public static final String CONSUMER_ID = "^[A-Za-z0-9_-]{1,64}$";
    public static final String ACCOUNT_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** Digits only, at most 12: what the Citi API sends as {@code customerId}. */
    public static final String CUSTOMER_NUMBER = "^[0-9]{1,12}$";
    public static final String PROGRAM_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** Blackhawk's proxy numbers are numeric (e.g. 6039530407033839166). */
    public static final String PROXY_NUMBER = "^[0-9]{1,19}$";
    public static final String PAN = "^[0-9]{13,19}$";
    public static final String DIGITAL_CARD_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** D1 free-text reason. */
    public static final String REASON = "^[a-zA-Z0-9 ]{1,64}$";
    public static final String OPERATION_ID = "^[A-Za-z0-9_-]{1,64}$";

    private Patterns() {
    }
}
