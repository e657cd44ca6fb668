package com.cardplatform.rewards.account.api;

import com.cardplatform.runtime.security.Caller;
import com.cardplatform.rewards.account.service.CardAccountService;
import com.cardplatform.rewards.security.Scopes;
import com.cardplatform.rewards.wire.Bodies;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * {@code POST /partner/card-account.by-ids} (seed 004: "Get Card Account External"). Read-only: the seed's security
 * requirement is {@code api.tripleup.com/partner.view_offers}; {@code partner.publishers}, which manages card
 * accounts, reads them too.
 */
@Path("/partner/card-account.by-ids")
@RolesAllowed({Scopes.PUBLISHERS, Scopes.VIEW_OFFERS})
@SecurityRequirement(name = "jwt", scopes = Scopes.VIEW_OFFERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class CardAccountLookupResource {

    private final CardAccountService accounts;
    private final Caller caller;

    public CardAccountLookupResource(CardAccountService accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Card Account")
    public Uni<CardAccountView> findByExternalIds(@Valid CardAccountLookupRequest request) {
        String owner = caller.clientId();
        return accounts.findByExternalIds(owner, Bodies.required(request));
    }
}
