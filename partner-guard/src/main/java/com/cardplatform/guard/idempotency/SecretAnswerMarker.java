package com.cardplatform.guard.idempotency;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Marks the requests of {@link AnswerHoldsSecret} methods for {@link IdempotencyKeys#after}. */
@Provider
@AnswerHoldsSecret
public class SecretAnswerMarker implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(IdempotencyKeys.HOLDS_SECRET, Boolean.TRUE);
    }
}
