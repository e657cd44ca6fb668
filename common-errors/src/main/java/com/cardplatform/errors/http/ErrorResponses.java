package com.cardplatform.errors.http;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.Dialect;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.ExceptionClassifier;
import com.cardplatform.errors.RenderedError;
import com.cardplatform.errors.RequestInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one place where a failure becomes a response: classify, log (with the correlation id, without secrets),
 * choose the dialect of the path, render. Used by the JAX-RS mappers and by the Vert.x edge handlers alike.
 */
@ApplicationScoped
public class ErrorResponses {

    private final Dialect defaultDialect;
    private final List<Map.Entry<String, Dialect>> prefixes;
    private final String correlationHeader;
    private final ObjectMapper json;

    public ErrorResponses(ErrorConfig config, HttpEdgeConfig edge, ObjectMapper json) {
        this.defaultDialect = config.dialect();
        this.prefixes = config.paths().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Dialect> e) -> e.getKey().length()).reversed())
                .toList();
        this.correlationHeader = edge.correlationHeader();
        this.json = json;
    }

    public Dialect dialectFor(String path) {
        for (Map.Entry<String, Dialect> prefix : prefixes) {
            if (path != null && path.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return defaultDialect;
    }

    public RenderedError render(Throwable failure, HttpServerRequest request) {
        ApiError error = ExceptionClassifier.classify(failure);
        RequestInfo info = requestInfo(request);
        if (request.response().ended() || request.response().headWritten()) {
            // the client already has its answer (e.g. Vert.x wrote 413 for a chunked body over the limit): the
            // follow-up failure of writing a second response is not news for the operator
            Log.debugf("%s %s already answered; dropping %s [correlationId=%s]", info.method(), info.path(),
                    failure.getClass().getSimpleName(), info.correlationId());
        } else {
            log(error, info);
        }
        RenderedError rendered = dialectFor(info.path()).render(error, info);
        if (error.outcomeUnknown()) {
            // in every dialect, also those whose 503 body has no room for a sentence (D1's)
            rendered.withHeader(ApiError.OUTCOME_HEADER, ApiError.OUTCOME_UNKNOWN_VALUE);
        }
        return rendered;
    }

    /** For JAX-RS exception mappers. */
    public Response toResponse(Throwable failure, HttpServerRequest request) {
        RenderedError rendered = render(failure, request);
        Response.ResponseBuilder builder = Response.status(rendered.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(rendered.body());
        rendered.headers().forEach(builder::header);
        return builder.build();
    }

    /** For Vert.x handlers that answer before (or without) JAX-RS. */
    public void send(Throwable failure, HttpServerRequest request) {
        RenderedError rendered = render(failure, request);
        HttpServerResponse response = request.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(rendered.body());
        } catch (JsonProcessingException e) {
            body = "{}";
        }
        response.setStatusCode(rendered.status());
        response.putHeader("Content-Type", MediaType.APPLICATION_JSON);
        rendered.headers().forEach(response::putHeader);
        response.end(body);
    }

    private RequestInfo requestInfo(HttpServerRequest request) {
        String correlationId = request.response().headers().get(correlationHeader);
        return new RequestInfo(request.method().name(), request.path(), request::getHeader, correlationId);
    }

    private static void log(ApiError error, RequestInfo info) {
        if (error.kind() == ErrorKind.INTERNAL) {
            Log.errorf(error.getCause(), "Unexpected failure on %s %s [correlationId=%s]", info.method(), info.path(),
                    info.correlationId());
        } else if (error.outcomeUnknown()) {
            Log.warnf("Outcome unknown on %s %s [correlationId=%s]: the database connection was lost during the "
                    + "COMMIT (%s); a repetition of the request answers the original result", info.method(), info.path(),
                    info.correlationId(), error.getCause() == null ? "?" : error.getCause().getClass().getSimpleName());
        } else if (error.kind() == ErrorKind.UNAVAILABLE) {
            Throwable cause = error.getCause();
            Log.warnf("Dependency unavailable on %s %s [correlationId=%s]: %s", info.method(), info.path(),
                    info.correlationId(), cause == null ? error.detail() : cause.getClass().getSimpleName());
        } else if (error.status() == 401 || error.status() == 403) {
            Log.infof("%s %s refused with %d %s [correlationId=%s]", info.method(), info.path(), error.status(),
                    error.kind(), info.correlationId());
        } else {
            Log.debugf("%s %s rejected with %d %s field=%s [correlationId=%s]", info.method(), info.path(),
                    error.status(), error.kind(), error.field(), info.correlationId());
        }
    }
}
