package com.cardplatform.errors.dialect;

import static com.cardplatform.errors.dialect.Bodies.body;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.ErrorRenderer;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details: {@code application/problem+json} with {@code type}, {@code title}, {@code status},
 * {@code detail} and, for a field in error, the extension member {@code errors} ({@code [{"field","detail"}]}).
 * Used by APIs of our own design (notification-service's {@code /webhooks}), where no vendor document dictates a
 * shape: the standard one is what a partner's generic HTTP tooling already understands.
 *
 * <p>{@code type} is {@code about:blank} (RFC 9457 section 4.2.1: the title is then the HTTP reason phrase), so no
 * problem-type URI has to be published and kept resolvable. A 500 carries no detail (never internals).</p>
 */
public final class ProblemRenderer implements ErrorRenderer {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Override
    public RenderedError render(ApiError e, RequestInfo request) {
        int status = e.status();
        String detail = e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.NOT_IMPLEMENTED ? null : e.detail();
        if (detail == null) {
            detail = defaultDetail(e.kind(), request);
        }
        List<Map<String, Object>> errors = e.field() == null || !e.kind().clientError() ? null
                : List.of(body().put("field", e.field()).put("detail", e.detail()).build());
        RenderedError rendered = RenderedError.of(status, body()
                .put("type", "about:blank")
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail)
                .put("errors", errors)
                .build());
        // replaces the application/json that the shared mappers set by default
        rendered.withHeader("Content-Type", MEDIA_TYPE);
        if (e.retryAfterSeconds() > 0) {
            rendered.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return rendered;
    }

    private static String defaultDetail(ErrorKind kind, RequestInfo request) {
        return switch (kind) {
            case UNAUTHORIZED -> "The access token is missing, invalid or expired";
            case FORBIDDEN, OPERATION_NOT_ALLOWED -> "The access token does not allow this operation";
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> request.method() + " is not supported on this resource";
            case NOT_ACCEPTABLE -> "Responses are application/json";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body must be application/json";
            case PAYLOAD_TOO_LARGE -> "The request body is too large";
            case MALFORMED_BODY -> "The request body is not valid JSON";
            case TOO_MANY_REQUESTS -> "Too many requests, retry later";
            case UNAVAILABLE -> "The service is temporarily unavailable, retry later";
            case INTERNAL, NOT_IMPLEMENTED -> "The server could not process the request";
            default -> null;
        };
    }

    /** The HTTP reason phrases (RFC 9110 section 15) of the statuses {@link ErrorKind} uses. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
