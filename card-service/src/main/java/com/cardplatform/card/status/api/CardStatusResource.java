package com.cardplatform.card.status.api;

import com.cardplatform.card.status.service.CitiCardStatusService;
import com.cardplatform.guard.idempotency.KeptByItsWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Citi Banamex: update card status detail (seed 003), scope {@code cards:status}, acting on the token's issuer.
 * Headers are checked by {@link CitiHeaderFilter}; errors are rendered in the Citi dialect.
 */
@Path("/v1/cards/status/detail")
@RolesAllowed("cards:status")
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class CardStatusResource {

    private final CitiCardStatusService service;
    private final Caller caller;
    private final KeyInTheWrite keys;

    public CardStatusResource(CitiCardStatusService service, Caller caller, KeyInTheWrite keys) {
        this.service = service;
        this.caller = caller;
        this.keys = keys;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CitiHeaders
    @APIResponse(responseCode = "204", description = "Successful operation.")
    // the change's statement keeps the Idempotency-Key with this answer (partner-guard's KeyInTheWrite)
    @KeptByItsWrite
    public Uni<Response> update(@HeaderParam("uuid") String uuid, @Valid @NotNull UpdateCardStatusRequest body) {
        String issuerId = caller.requireBoundIssuer();
        return service.update(issuerId, body, caller.clientId(), uuid, keys.answering(204, null))
                .replaceWith(Response.noContent().build());
    }
}
