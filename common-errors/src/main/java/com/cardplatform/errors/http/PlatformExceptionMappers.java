package com.cardplatform.errors.http;

import com.cardplatform.errors.ApiError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure that reaches JAX-RS. Quarkus ships its own mappers for validation, JSON and security
 * exceptions; a catch-all alone would lose to them (closest type wins), so each is named here explicitly.
 */
public class PlatformExceptionMappers {

    private final ErrorResponses responses;

    public PlatformExceptionMappers(ErrorResponses responses) {
        this.responses = responses;
    }

    @ServerExceptionMapper
    public Response apiError(ApiError e, HttpServerRequest request, ContainerRequestContext context) {
        if (e.changedSomething()) {
            context.setProperty(ApiError.AFTER_CHANGE_PROPERTY, Boolean.TRUE);
        }
        return responses.toResponse(e, request);
    }

    @ServerExceptionMapper({ConstraintViolationException.class, ValidationException.class,
            io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException.class})
    public Response validation(ValidationException e, HttpServerRequest request) {
        return responses.toResponse(e, request);
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return responses.toResponse(e, request);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class,
            ForbiddenException.class})
    public Response security(RuntimeException e, HttpServerRequest request) {
        return responses.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        return responses.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response anything(Throwable e, HttpServerRequest request) {
        return responses.toResponse(e, request);
    }
}
