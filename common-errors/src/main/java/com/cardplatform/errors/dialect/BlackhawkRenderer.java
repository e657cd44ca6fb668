package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;

/**
 * Blackhawk Network: {@code {"status":400,"success":false,"message":"Invalid Input - ..."}}; a body that is not
 * JSON at all is answered in the framework shape the seed shows ({@code status, error, message, path}).
 */
public final class BlackhawkRenderer implements ErrorRenderer {

    /** The seed's exact 500 message. */
    public static final String GENERIC_ERROR = "Generic error while creating activation codes, please try again";

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        int status = e.status();
        if (e.kind() == com.cardplatform.errors.ErrorKind.MALFORMED_BODY) {
            return RenderedError.of(status, body()
                    .put("status", status)
                    .put("error", "Bad Request")
                    .put("message", "JSON parse error: " + (e.detail() == null ? "malformed JSON" : e.detail()))
                    .put("path", request.path())
                    .build());
        }
        String message = switch (e.kind()) {
            case INVALID_FORMAT, INVALID_VALUE, CRYPTO, PARSING -> "Invalid Input - " + e.detail();
            case UNAUTHORIZED -> "Unauthorized - the access token is missing, invalid or expired";
            case FORBIDDEN, OPERATION_NOT_ALLOWED -> "Forbidden - the access token does not allow this operation";
            case NOT_FOUND -> "Not Found - no such resource";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed - " + request.method() + " is not supported on this resource";
            case NOT_ACCEPTABLE -> "Not Acceptable - responses are application/json";
            case PAYLOAD_TOO_LARGE -> "Invalid Input - " + (e.detail() != null ? e.detail() : "the request body is too large");
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Media Type - the request body must be application/json";
            case CONFLICT, UNPROCESSABLE, LOCKED -> "Invalid Input - " + e.detail();
            case TOO_MANY_REQUESTS -> "Too Many Requests - please retry later";
            case UNAVAILABLE -> e.outcomeUnknown() ? "Service temporarily unavailable - " + e.detail()
                    : "Service temporarily unavailable, please try again";
            default -> GENERIC_ERROR;
        };
        RenderedError rendered = RenderedError.of(status, body()
                .put("status", status)
                .put("success", false)
                .put("message", message)
                .build());
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }
}
