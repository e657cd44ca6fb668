package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;

/**
 * Thales D1: {@code {"errorCode":"FIELD_INVALID_FORMAT","error":"consumerId"}}. Codes and the meaning of
 * {@code error} come from the seed tables; general errors ("-" in the tables) omit both fields.
 */
public final class D1Renderer implements ErrorRenderer {

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        String code = e.code();
        String error = null;
        switch (e.kind()) {
            case INVALID_FORMAT -> {
                code = code != null ? code : "FIELD_INVALID_FORMAT";
                error = e.field();
            }
            case INVALID_VALUE -> {
                code = code != null ? code : "FIELD_INVALID_VALUE";
                error = e.field();
            }
            case CRYPTO -> code = "CRYPTO_ERROR";
            case PARSING -> {
                code = "PARSING_ERROR";
                error = e.field();
            }
            case UNAUTHORIZED -> {
                code = "AUTHORIZER_UNAUTHORIZED";
                error = "Access token not valid";
            }
            case FORBIDDEN -> {
                code = "AUTHORIZER_FORBIDDEN";
                error = "not_authorized";
            }
            case OPERATION_NOT_ALLOWED -> {
                code = "OPERATION_NOT_ALLOWED";
                error = e.field();
            }
            case INTERNAL -> code = "INTERNAL_ERROR";
            default -> {
                // general error: no errorCode, no error (malformed body, 404, 405, 409, 413, 415, 503, ...)
            }
        }
        RenderedError rendered = RenderedError.of(e.status(), body().put("errorCode", code).put("error", error).build());
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }
}
