package com.cardplatform.consumer;

/** D1 {@code reasonCode}; ISSUER_DECISION when the request gives none. */
public enum ReasonCode {
    USER_DECISION,
    ISSUER_DECISION;

    /** The enum constant for a wire value, or null when it is not one of them. */
    public static ReasonCode parse(String value) {
        for (ReasonCode code : values()) {
            if (code.name().equals(value)) {
                return code;
            }
        }
        return null;
    }
}
