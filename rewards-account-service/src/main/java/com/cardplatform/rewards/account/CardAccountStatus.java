package com.cardplatform.rewards.account;

/** The seed's card account statuses. CLOSED is final. */
public enum CardAccountStatus {
    /** The account is enrolled for rewards. */
    ENROLLED,
    /** The account is not enrolled for rewards. */
    NOT_ENROLLED,
    /** The account is closed and cannot receive rewards. */
    CLOSED
}
