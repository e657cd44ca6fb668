package com.cardplatform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.cardplatform.errors.db.DatabaseFailures;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
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

    /** The types that mean "the database or a dependency cannot be reached, or went away under the request". */
    private static final List<Class<? extends Throwable>> UNREACHABLE = List.of(
            ConnectException.class, // refused (Netty's AnnotatedConnectException is one)
            NoRouteToHostException.class, PortUnreachableException.class,
            ConnectTimeoutException.class,
            ClosedChannelException.class,
            ClosedConnectionException.class, // the SQL client's connection lost while a statement was in flight
            HttpClosedException.class, ConnectionPoolTooBusyException.class, // an HTTP dependency (the cascade)
            NoStackTraceTimeoutException.class); // Vert.x's timeouts (connect, pool wait)

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
        if (t instanceof PgException pg && DatabaseFailures.databaseUnavailable(pg.getSqlState())) {
            return ApiError.unavailable("The database is restarting", t);
        }
        if (UNREACHABLE.stream().anyMatch(type -> type.isInstance(t)) || connectionLost(t)) {
            return ApiError.unavailable("A dependency is temporarily unavailable", t);
        }
        if (t instanceof WebApplicationException wae) {
            return fromWebApplication(wae);
        }
        if (t instanceof IOException && "Request too large".equals(t.getMessage())) {
            // Vert.x refusing a chunked body over quarkus.http.limits.max-body-size: a client error, not a fault
            return ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, null, "The request body is too large");
        }
        return null;
    }

    /**
     * A connection that went away under a running request, where the JDK and Vert.x give no type of their own: the
     * operating system's errors surface as a plain {@link IOException} or {@link SocketException} ("Connection
     * reset", "Broken pipe"), a closed Vert.x connection as {@link VertxException} or {@link NoStackTraceThrowable}
     * ("Connection was closed", "Connection is not active now"). Only those transport types are read this way.
     */
    private static boolean connectionLost(Throwable t) {
        String message = t.getMessage();
        if (message == null || !(t instanceof IOException || t instanceof VertxException || t instanceof NoStackTraceThrowable)) {
            return false;
        }
        return message.contains("Connection reset") || message.contains("Broken pipe")
                || message.contains("Connection was closed") || message.contains("Connection is not active");
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
