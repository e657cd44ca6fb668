package com.cardplatform.rewards.account.api;

import com.cardplatform.runtime.security.Caller;
import com.cardplatform.rewards.account.service.CardAccountService;
import com.cardplatform.rewards.owned.Creations;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.paging.QueryParams;
import com.cardplatform.rewards.security.Scopes;
import com.cardplatform.rewards.wire.Bodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * {@code /partner/card-accounts}: create, read, list and change the status of the caller's card accounts. Reading one
 * card account by its id also accepts the {@code partner.view_offers} scope; everything else needs
 * {@code partner.publishers}.
 */
@Path("/partner/card-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class CardAccountResource {

    private final CardAccountService accounts;
    private final Caller caller;

    public CardAccountResource(CardAccountService accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The card account")
    public Uni<Response> create(@Valid CreateCardAccountRequest request) {
        String owner = caller.clientId();
        return Creations.created(accounts.create(owner, Bodies.required(request)), accounts::original, CardAccountView::of,
                CardAccountView::id, "/partner/card-accounts/");
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Scopes.PUBLISHERS, Scopes.VIEW_OFFERS})
    @SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
    @SecurityRequirement(name = "jwt", scopes = Scopes.VIEW_OFFERS)
    @APIResponse(responseCode = "200", description = "The card account")
    public Uni<CardAccountView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
        return accounts.get(owner, id)
                .map(CardAccountView::of);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The card account after the change")
    public Uni<CardAccountView> update(@PathParam("id") String id, @Valid UpdateCardAccountRequest request) {
        String owner = caller.clientId();
        return accounts.update(owner, id, Bodies.required(request))
                .map(CardAccountView::of);
    }

    @GET
    @APIResponse(responseCode = "200", description = "Card Accounts")
    public Uni<CardAccountList> list(@Context HttpServerRequest request) {
        String owner = caller.clientId();
        QueryParams query = QueryParams.of(request);
        String publisher = query.externalId("publisher_external_id");
        String program = query.externalId("card_program_external_id");
        String account = query.externalId("card_account_external_id");
        PageRequest page = PageRequest.of(CardAccountList.LIST, query);
        return accounts.list(owner, account, program, publisher, page)
                .map(CardAccountList::of);
    }
}
