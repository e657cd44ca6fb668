package com.cardplatform.rewards.owned;

import com.cardplatform.errors.ApiError;

/**
 * A creation refused by the unique index of its external id (SQLSTATE 23505), carrying the entity the request would
 * have created. The refused transaction is rolled back; the service then reads the entity that holds the external
 * id and answers it when the request is the one that created it (a repetition, e.g. after a 503 whose outcome was
 * unknown), else the 409 that this exception wraps as its cause (so that, should it ever reach the exception
 * mappers unhandled, it is still answered as that 409).
 */
public final class TakenExternalId extends RuntimeException {

    private final transient Object candidate;

    public TakenExternalId(Object candidate, ApiError conflict) {
        super(conflict.getMessage(), conflict, false, false);
        this.candidate = candidate;
    }

    /** The entity (not persisted) with the values the refused request would have stored. */
    public <T> T candidate(Class<T> type) {
        return type.cast(candidate);
    }

    /** The answer when the request is not a repetition: the usual 409 naming {@code external_id}. */
    public ApiError conflict() {
        return (ApiError) getCause();
    }
}
