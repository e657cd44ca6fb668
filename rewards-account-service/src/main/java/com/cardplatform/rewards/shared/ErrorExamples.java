package com.cardplatform.rewards.shared;

/** The seed's error examples, for the OpenAPI document. */
public final class ErrorExamples {

    public static final String BAD_REQUEST = "{\"status_code\":400,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request is malformed.\",\"exception\":\"TripleBadRequestError\"}}";
    public static final String NOT_AUTHENTICATED = "{\"status_code\":401,\"content\":{\"details\":[null],"
            + "\"error_message\":\"Client authentication failed.\",\"exception\":\"TripleNotAuthenticatedError\"}}";
    public static final String FORBIDDEN = "{\"status_code\":403,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The client is not authorized to perform this request.\","
            + "\"exception\":\"TripleForbiddenError\"}}";
    public static final String INVALID_PATH = "{\"status_code\":404,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The url path or path parameter is invalid.\",\"exception\":\"TripleInvalidPathError\"}}";
    public static final String INTEGRITY = "{\"status_code\":409,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request was well-formed but violated entity integrity constraints.\","
            + "\"exception\":\"TripleIntegrityError\"}}";
    public static final String UNSUPPORTED_MEDIA_TYPE = "{\"status_code\":415,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request defined an unsupported media type.\","
            + "\"exception\":\"TripleUnsupportedMediaType\"}}";
    public static final String UNPROCESSABLE = "{\"status_code\":422,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request was well-formed but could not be processed.\","
            + "\"exception\":\"TripleUnprocessableEntity\"}}";
    public static final String INTERNAL = "{\"status_code\":500,\"content\":{\"details\":[null],"
            + "\"error_message\":\"Triple was unable to process the request due to an internal error.\","
            + "\"exception\":\"TripleInternalServerError\"}}";
    public static final String NOT_IMPLEMENTED = "{\"status_code\":501,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request failed because it requires a feature that is not yet implemented.\","
            + "\"exception\":\"TripleNotImplementedError\"}}";
    public static final String UNAVAILABLE = "{\"status_code\":503,\"content\":{\"details\":[null],"
            + "\"error_message\":\"The request failed due to a triple service interruption.\","
            + "\"exception\":\"TripleServiceUnavailable\"}}";

    private ErrorExamples() {
    }
}
