package com.cardplatform.errors;

/** Turns an {@link ApiError} into the status, headers and body of one wire dialect. Pure: no I/O, no state. */
public interface ErrorRenderer {
    RenderedError render(ApiError error, RequestInfo request);
}
