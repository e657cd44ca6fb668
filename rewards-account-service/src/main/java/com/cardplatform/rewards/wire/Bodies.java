package com.cardplatform.rewards.wire;

import com.cardplatform.errors.ApiError;

/** Request bodies: JAX-RS hands an empty body to the method as null. */
public final class Bodies {

    private Bodies() {
    }

    public static <T> T required(T body) {
        if (body == null) {
            throw ApiError.malformedBody("A JSON object is required as the request body");
        }
        return body;
    }
}
