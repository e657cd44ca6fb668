package com.cardplatform.errors.http;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The first and the last handlers of every request, below JAX-RS:
 * <ul>
 * <li>correlation id: validated against the documented pattern (400 in the dialect), generated when absent,
 * echoed on every response, put in the logging context and on the request's trace span
 * ({@value #SPAN_ATTRIBUTE});</li>
 * <li>body size: a declared Content-Length above the limit is a 413 in the dialect, before anything reads it;</li>
 * <li>failures and unmatched routes that never reach a JAX-RS mapper are rendered in the dialect too.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestEdge {

    public static final String MDC_KEY = "correlationId";
    /** The span attribute that holds the correlation id, so that a trace can be found from a partner's report. */
    public static final String SPAN_ATTRIBUTE = "platform.correlation_id";
    /** Routes run in ascending order; this one runs before security and JAX-RS. */
    private static final int FIRST = -10_000;

    private final ErrorResponses responses;
    private final String header;
    private final Pattern pattern;
    private final long maxBodyBytes;

    public RequestEdge(ErrorResponses responses, HttpEdgeConfig config) {
        this.responses = responses;
        this.header = config.correlationHeader();
        this.pattern = Pattern.compile(config.correlationPattern());
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::enter);
        router.route().order(FIRST).failureHandler(this::fail);
        router.route().order(Integer.MAX_VALUE).handler(rc -> responses.send(
                ApiError.notFound("No resource matches this path"), rc.request()));
        router.errorHandler(404, rc -> responses.send(ApiError.notFound("No resource matches this path"), rc.request()));
        router.errorHandler(405, rc -> responses.send(
                ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, null, "The method is not allowed on this resource"),
                rc.request()));
        router.errorHandler(413, rc -> responses.send(tooLarge(), rc.request()));
    }

    private void enter(RoutingContext rc) {
        String incoming = rc.request().getHeader(header);
        boolean valid = incoming == null || pattern.matcher(incoming).matches();
        String correlationId = incoming != null && valid ? incoming : UUID.randomUUID().toString();
        rc.response().putHeader(header, correlationId);
        MDC.put(MDC_KEY, correlationId);
        // the server span of the request (OpenTelemetry's Vert.x instrumentation starts it before any route)
        Span.current().setAttribute(SPAN_ATTRIBUTE, correlationId);
        if (!valid) {
            responses.send(ApiError.invalidFormat(header, "does not match " + pattern.pattern()), rc.request());
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > maxBodyBytes) {
                responses.send(tooLarge(), rc.request());
                return;
            }
        }
        rc.next();
    }

    private void fail(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure == null) {
            failure = switch (rc.statusCode()) {
                case 401 -> ApiError.unauthorized("The access token is missing, invalid or expired");
                case 403 -> ApiError.forbidden("The access token does not grant access to this operation");
                case 404 -> ApiError.notFound("No resource matches this path");
                case 413 -> tooLarge();
                default -> rc.statusCode() >= 400 && rc.statusCode() < 500
                        ? ApiError.malformedBody("The request could not be read")
                        : ApiError.internal(null);
            };
        }
        responses.send(failure, rc.request());
    }

    private ApiError tooLarge() {
        return ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, null,
                "The request body is larger than " + maxBodyBytes + " bytes");
    }

    /** The correlation id of the current request, for code that logs or calls other services. */
    public static String currentCorrelationId() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }

}
