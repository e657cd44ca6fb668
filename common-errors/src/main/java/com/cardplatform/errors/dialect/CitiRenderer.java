package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;
import com.cardplatform.primitives.time.Timestamps;
import java.util.regex.Pattern;

/**
 * Citi: {@code {"type":"error","code":"invalidRequest","details":"Missing or invalid Parameters",
 * "location":"uuid","moreInfo":"...","uuid":"<request uuid>","timestamp":"..."}} with the seed's codes and
 * sentences. The request's {@code uuid} is echoed only when it is a UUID (never reflect arbitrary input).
 */
public final class CitiRenderer implements ErrorRenderer {

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        String type = "error";
        String code;
        String details;
        String moreInfo = e.detail();
        String location = null;
        int status = e.status();
        switch (e.kind()) {
            case INVALID_FORMAT, INVALID_VALUE, MALFORMED_BODY, CRYPTO, PARSING, PAYLOAD_TOO_LARGE,
                    UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE, METHOD_NOT_ALLOWED -> {
                code = "invalidRequest";
                details = "Missing or invalid Parameters";
                location = e.field();
            }
            case UNAUTHORIZED -> {
                code = "unAuthorized";
                details = "Authorization credentials are missing or invalid";
            }
            case FORBIDDEN, OPERATION_NOT_ALLOWED -> {
                code = "accessNotConfigured";
                details = "The request operation is not configured to access this resource";
                moreInfo = e.detail() != null ? e.detail()
                        : "Channel/Country/Business provided in the request is not supported currently";
            }
            case NOT_FOUND, UNPROCESSABLE, LOCKED, CONFLICT -> {
                code = "resourceNotFound";
                details = "The requested resource was not found";
                moreInfo = e.detail() != null ? e.detail() : "Empty resource/resource not found";
            }
            default -> {
                type = "fatal";
                code = "serverUnavailable";
                details = "The request failed due to an internal error/server unavailability";
                moreInfo = e.kind() == com.cardplatform.errors.ErrorKind.UNAVAILABLE ? e.detail() : null;
            }
        }
        if (e.code() != null) {
            code = e.code();
        }
        String uuid = request.header("uuid");
        RenderedError rendered = RenderedError.of(status, body()
                .put("type", type)
                .put("code", code)
                .put("details", details)
                .put("location", location)
                .put("moreInfo", moreInfo)
                .put("uuid", uuid != null && UUID.matcher(uuid).matches() ? uuid : null)
                .put("timestamp", Timestamps.format(Timestamps.now()))
                .build());
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }
}
