package com.cardplatform.rewards;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** The seed's error bodies, asserted exactly: status_code, exception and error_message, nothing internal. */
public final class TripleErrors {

    public static final String BAD_REQUEST = "TripleBadRequestError";
    public static final String NOT_AUTHENTICATED = "TripleNotAuthenticatedError";
    public static final String FORBIDDEN = "TripleForbiddenError";
    public static final String INVALID_PATH = "TripleInvalidPathError";
    public static final String INTEGRITY = "TripleIntegrityError";
    public static final String UNSUPPORTED_MEDIA_TYPE = "TripleUnsupportedMediaType";
    public static final String UNPROCESSABLE = "TripleUnprocessableEntity";
    public static final String INTERNAL = "TripleInternalServerError";
    public static final String NOT_IMPLEMENTED = "TripleNotImplementedError";
    public static final String UNAVAILABLE = "TripleServiceUnavailable";

    private TripleErrors() {
    }

    public static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "Client authentication failed.";
            case 403 -> "The client is not authorized to perform this request.";
            case 404 -> "The url path or path parameter is invalid.";
            case 405 -> "The request method is not supported for this url path.";
            case 409 -> "The request was well-formed but violated entity integrity constraints.";
            case 413 -> "The request body is too large.";
            case 415 -> "The request defined an unsupported media type.";
            case 422 -> "The request was well-formed but could not be processed.";
            case 500 -> "Triple was unable to process the request due to an internal error.";
            case 501 -> "The request failed because it requires a feature that is not yet implemented.";
            case 503 -> "The request failed due to a triple service interruption.";
            default -> throw new IllegalArgumentException("no Triple error for " + status);
        };
    }

    /** Asserts the Triple error envelope: exactly status_code and content{details, error_message, exception}. */
    public static ValidatableResponse assertError(Response response, int status, String exception) {
        return response.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("size()", equalTo(2))
                .body("status_code", equalTo(status))
                .body("content.size()", equalTo(3))
                .body("content.exception", equalTo(exception))
                .body("content.error_message", equalTo(message(status)))
                .body(not(containsString("Exception")))
                .body(not(containsString("at com.")))
                .body(not(containsString("at io.")));
    }
}
