package com.cardplatform.rewards.owned;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;

/**
 * A body that names a parent the caller does not have (unknown, or another partner's: the same answer) is well
 * formed but cannot be processed: 422 TripleUnprocessableEntity naming the field.
 */
public final class References {

    private References() {
    }

    public static ApiError unknown(String field, String entity) {
        return ApiError.of(ErrorKind.UNPROCESSABLE, field, "no " + entity + " of the caller has this id");
    }
}
