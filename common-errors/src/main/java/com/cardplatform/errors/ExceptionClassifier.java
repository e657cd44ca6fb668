package com.cardplatform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Classifies any throwable into an {@link ApiError}: the one place that knows which framework exception means
 * which category. Walks the cause chain, because Hibernate Reactive and Mutiny wrap the interesting failure.
 */
public final class ExceptionClassifier {

    /** Exceptions (by simple class name) that mean "the database or a dependency cannot be reached". */
    private static final Set<String> UNREACHABLE = Set.of(
            "ConnectException", "AnnotatedConnectException", "ConnectTimeoutException", "ClosedConnectionException",
            "ConnectionPoolTooBusyException", "NoRouteToHostException", "PortUnreachableException",
            "NoStackTraceTimeoutException", "ClosedChannelException", "HttpClosedException");

    /**
     * PostgreSQL SQLSTATEs that mean "the database is going away or not there yet" (admin shutdown 57P01, crash
     * shutdown 57P02, cannot connect now 57P03, connection exceptions 08xxx, too many connections 53300): a
     * request caught in flight by a restart is retryable, not an internal error.
     */
    private static final java.util.regex.Pattern UNAVAILABLE_SQL_STATE =
            java.util.regex.Pattern.compile("\\((57P0[1-4]|08[0-9A-Z]{3}|53300)\\)");

    private ExceptionClassifier() {
    }

    public static ApiError classify(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 12; depth++, t = t.getCause()) {
            ApiError found = classifyOne(t);
            if (found != null) {
                return found;
            }
        }
        return ApiError.internal(failure);
    }

    private static ApiError classifyOne(Throwable t) {
        if (t instanceof ApiError apiError) {
            return apiError;
        }
        if (t instanceof ConstraintViolationException cve) {
            return fromViolations(cve.getConstraintViolations());
        }
        if (t instanceof JsonProcessingException jpe) {
            return fromJson(jpe);
        }
        if (t instanceof UnauthorizedException || t instanceof AuthenticationException
                || t instanceof NotAuthorizedException) {
            return ApiError.unauthorized("The access token is missing, invalid or expired");
        }
        if (t instanceof ForbiddenException) {
            return ApiError.forbidden("The access token does not grant access to this operation");
        }
        if (t instanceof CircuitBreakerOpenException || t instanceof BulkheadException || t instanceof TimeoutException) {
            return ApiError.unavailable("A dependency is temporarily unavailable", t);
        }
        if ("PgException".equals(t.getClass().getSimpleName()) && t.getMessage() != null
                && UNAVAILABLE_SQL_STATE.matcher(t.getMessage()).find()) {
            return ApiError.unavailable("The database is restarting", t);
        }
        if (UNREACHABLE.contains(t.getClass().getSimpleName()) || connectionLost(t.getMessage())) {
            return ApiError.unavailable("A dependency is temporarily unavailable", t);
        }
        if (t instanceof WebApplicationException wae) {
            return fromWebApplication(wae);
        }
        if (t instanceof java.io.IOException && "Request too large".equals(t.getMessage())) {
            // Vert.x refusing a chunked body over quarkus.http.limits.max-body-size: a client error, not a fault
            return ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, null, "The request body is too large");
        }
        return null;
    }

    /** Vert.x SQL client and Netty sentences for a connection that went away under a running request. */
    private static boolean connectionLost(String message) {
        return message != null && (message.contains("Connection refused")
                || message.contains("connection might get lost")
                || message.contains("Connection is not active")
                || message.contains("Connection was closed")
                || message.contains("terminating connection")
                || message.contains("Connection reset")
                || message.contains("Broken pipe")
                || message.contains("the database system is"));
    }

    private static ApiError fromWebApplication(WebApplicationException wae) {
        if (wae.getCause() instanceof JsonProcessingException jpe) {
            return fromJson(jpe);
        }
        if (wae instanceof NotFoundException) {
            return ApiError.notFound("No resource matches this path");
        }
        if (wae instanceof NotAllowedException) {
            return ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, null, "The method is not allowed on this resource");
        }
        if (wae instanceof NotSupportedException) {
            return ApiError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type",
                    "The request body must be application/json");
        }
        if (wae instanceof NotAcceptableException) {
            return ApiError.of(ErrorKind.NOT_ACCEPTABLE, "Accept", "Responses are only available as application/json");
        }
        int status = wae.getResponse() == null ? 500 : wae.getResponse().getStatus();
        return switch (status) {
            case 400 -> ApiError.malformedBody("The request could not be read");
            case 401 -> ApiError.unauthorized("The access token is missing, invalid or expired");
            case 403 -> ApiError.forbidden("The access token does not grant access to this operation");
            case 404 -> ApiError.notFound("No resource matches this path");
            case 405 -> ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, null, "The method is not allowed on this resource");
            case 406 -> ApiError.of(ErrorKind.NOT_ACCEPTABLE, "Accept", "Responses are only available as application/json");
            case 413 -> ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, null, "The request body is too large");
            case 415 -> ApiError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "The request body must be application/json");
            case 503 -> ApiError.unavailable("The service is temporarily unavailable", wae);
            default -> status >= 400 && status < 500
                    ? ApiError.malformedBody("The request could not be read")
                    : ApiError.internal(wae);
        };
    }

    /**
     * Jackson failures: a syntax error is a malformed body; a well-formed body whose value has the wrong type
     * names the field in error (its JSON path).
     */
    static ApiError fromJson(JsonProcessingException jpe) {
        if (jpe instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            String field = jsonPath(mie);
            ErrorKind kind = mie instanceof InvalidFormatException ? ErrorKind.INVALID_VALUE : ErrorKind.INVALID_FORMAT;
            return ApiError.of(kind, field, field + " has an invalid type or value");
        }
        String location = jpe.getLocation() == null ? ""
                : " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        // getOriginalMessage() is Jackson's sentence without the source excerpt, but a body of the wrong JSON
        // type at the root ("Cannot deserialize value of type `com...Request`") names a Java class: never echo it
        String original = jpe.getOriginalMessage();
        if (original != null && (original.contains("`") || original.contains("Cannot deserialize")
                || original.contains("com.") || original.contains("java."))) {
            original = "the request body does not have the expected JSON structure";
        }
        if (original != null && original.length() > 200) {
            original = original.substring(0, 200);
        }
        return ApiError.malformedBody((original == null ? "malformed JSON" : original) + location);
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static ApiError fromViolations(Set<? extends ConstraintViolation<?>> violations) {
        ConstraintViolation<?> first = ViolationOrder.first(violations);
        if (first == null) {
            return ApiError.malformedBody("The request is invalid");
        }
        String field = ViolationOrder.fieldName(first);
        String annotation = first.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        ErrorKind kind = switch (annotation) {
            case "Min", "Max", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero", "Negative", "NegativeOrZero",
                    "AssertTrue", "AssertFalse", "Future", "Past", "FutureOrPresent", "PastOrPresent" -> ErrorKind.INVALID_VALUE;
            default -> ErrorKind.INVALID_FORMAT;
        };
        return ApiError.of(kind, field, field + " " + first.getMessage());
    }
}
