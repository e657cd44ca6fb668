package com.cardplatform.guard.idempotency;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Marks the requests of {@link KeptByItsWrite} methods for {@link IdempotencyKeys#before}. It runs before the guard:
 * it does not read the body, and Quarkus REST runs such filters before the ones that do.
 */
@Provider
@KeptByItsWrite
public class KeptByItsWriteMarker implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(IdempotencyKeys.KEPT_BY_ITS_WRITE, Boolean.TRUE);
    }
}
