package com.cardplatform.rewards.shared;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;

/** The seed's 501 TripleNotImplementedError, for Triple routes this service names but does not serve. */
public final class NotImplemented {

    private NotImplemented() {
    }

    public static ApiError listing(String collection, String instead) {
        return ApiError.of(ErrorKind.NOT_IMPLEMENTED, null,
                "Listing " + collection + " is not implemented; " + instead);
    }
}
