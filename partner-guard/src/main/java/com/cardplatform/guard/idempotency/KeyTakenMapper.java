package com.cardplatform.guard.idempotency;

import com.cardplatform.errors.http.ErrorResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a request whose write found its key already used ({@link IdempotencyKeyTaken}), in the API's dialect. */
public class KeyTakenMapper {

    private final IdempotencyKeys keys;
    private final ErrorResponses responses;

    public KeyTakenMapper(IdempotencyKeys keys, ErrorResponses responses) {
        this.keys = keys;
        this.responses = responses;
    }

    @ServerExceptionMapper
    public Uni<Response> keyTaken(IdempotencyKeyTaken taken, ContainerRequestContext context,
            HttpServerRequest request) {
        return keys.answerTaken(taken, context).onFailure().recoverWithItem(f -> responses.toResponse(f, request));
    }
}
