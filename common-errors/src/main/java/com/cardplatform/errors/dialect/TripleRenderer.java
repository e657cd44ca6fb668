package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;
import java.util.List;

/**
 * Triple: {@code {"status_code":400,"content":{"details":[...],"error_message":"The request is malformed.",
 * "exception":"TripleBadRequestError"}}}. Exception names and messages are the seed's; 403, 405, 406, 413 and 429
 * are not in the seed and use names of the same family (documented in the service README).
 */
public final class TripleRenderer implements ErrorRenderer {

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        int status = e.status();
        String exception;
        String message;
        switch (e.kind()) {
            case INVALID_FORMAT, INVALID_VALUE, MALFORMED_BODY, CRYPTO, PARSING -> {
                exception = "TripleBadRequestError";
                message = "The request is malformed.";
            }
            case UNAUTHORIZED -> {
                exception = "TripleNotAuthenticatedError";
                message = "Client authentication failed.";
            }
            case FORBIDDEN, OPERATION_NOT_ALLOWED -> {
                exception = "TripleForbiddenError";
                message = "The client is not authorized to perform this request.";
            }
            case NOT_FOUND -> {
                exception = "TripleInvalidPathError";
                message = "The url path or path parameter is invalid.";
            }
            case METHOD_NOT_ALLOWED -> {
                exception = "TripleMethodNotAllowedError";
                message = "The request method is not supported for this url path.";
            }
            case NOT_ACCEPTABLE -> {
                exception = "TripleNotAcceptableError";
                message = "The request asked for an unsupported response media type.";
            }
            case CONFLICT -> {
                exception = "TripleIntegrityError";
                message = "The request was well-formed but violated entity integrity constraints.";
            }
            case PAYLOAD_TOO_LARGE -> {
                exception = "TriplePayloadTooLargeError";
                message = "The request body is too large.";
            }
            case UNSUPPORTED_MEDIA_TYPE -> {
                exception = "TripleUnsupportedMediaType";
                message = "The request defined an unsupported media type.";
            }
            case UNPROCESSABLE, LOCKED -> {
                exception = "TripleUnprocessableEntity";
                message = "The request was well-formed but could not be processed.";
            }
            case TOO_MANY_REQUESTS -> {
                exception = "TripleTooManyRequestsError";
                message = "The request rate limit was exceeded.";
            }
            case NOT_IMPLEMENTED -> {
                exception = "TripleNotImplementedError";
                message = "The request failed because it requires a feature that is not yet implemented.";
            }
            case UNAVAILABLE -> {
                exception = "TripleServiceUnavailable";
                message = "The request failed due to a triple service interruption.";
            }
            default -> {
                exception = "TripleInternalServerError";
                message = "Triple was unable to process the request due to an internal error.";
            }
        }
        List<String> details = e.detail() == null || !e.kind().clientError() && e.kind() != com.cardplatform.errors.ErrorKind.UNAVAILABLE
                ? List.of()
                : List.of(fieldDetail(e.field(), e.detail()));
        RenderedError rendered = RenderedError.of(status, body()
                .put("status_code", status)
                .put("content", body()
                        .put("details", details)
                        .put("error_message", message)
                        .put("exception", exception)
                        .build())
                .build());
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }

    /**
     * Triple details read {@code "field: what is wrong"}. Messages built as {@code "field what is wrong"} (bean
     * validation) are re-shaped rather than prefixed, so the field is named once.
     */
    static String fieldDetail(String field, String detail) {
        if (field == null || field.isEmpty()) {
            return detail;
        }
        if (detail.startsWith(field + ": ")) {
            return detail;
        }
        if (detail.startsWith(field + " ")) {
            return field + ": " + detail.substring(field.length() + 1);
        }
        return field + ": " + detail;
    }
}
