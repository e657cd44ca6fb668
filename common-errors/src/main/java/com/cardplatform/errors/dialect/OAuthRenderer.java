package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;

/**
 * RFC 6749 section 5.2: {@code {"error":"invalid_request","error_description":"..."}} with
 * {@code Cache-Control: no-store}; {@code invalid_client} is a 401 with a {@code WWW-Authenticate} challenge.
 */
public final class OAuthRenderer implements ErrorRenderer {

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        String code = e.code() != null ? e.code() : switch (e.kind()) {
            case INVALID_FORMAT, INVALID_VALUE, MALFORMED_BODY, CRYPTO, PARSING, PAYLOAD_TOO_LARGE,
                    UNSUPPORTED_MEDIA_TYPE -> "invalid_request";
            case UNAUTHORIZED -> "invalid_client";
            case FORBIDDEN, OPERATION_NOT_ALLOWED, LOCKED -> "access_denied";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case NOT_ACCEPTABLE -> "not_acceptable";
            case UNAVAILABLE, TOO_MANY_REQUESTS -> "temporarily_unavailable";
            default -> "server_error";
        };
        String description = e.kind().clientError() || e.kind() == com.cardplatform.errors.ErrorKind.UNAVAILABLE
                ? e.detail()
                : "The authorization server encountered an unexpected condition";
        RenderedError rendered = RenderedError.of(e.status(), body()
                .put("error", code)
                .put("error_description", description)
                .build());
        rendered.withHeader("Cache-Control", "no-store");
        rendered.withHeader("Pragma", "no-cache");
        if (e.status() == 401) {
            rendered.withHeader("WWW-Authenticate", "Basic realm=\"card-platform\"");
        }
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }
}
