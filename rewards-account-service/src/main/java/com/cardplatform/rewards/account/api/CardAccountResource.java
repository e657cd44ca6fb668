package com.cardplatform.rewards.account.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.account.service.CardAccountService;
import com.cardplatform.rewards.shared.Bodies;
import com.cardplatform.rewards.shared.NotImplemented;
import com.cardplatform.rewards.shared.Scopes;
import com.cardplatform.rewards.shared.TakenExternalId;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /partner/card-accounts}: create, read and change the status of the caller's card accounts. */
@Path("/partner/card-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Card accounts")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class CardAccountResource {

    private final CardAccountService accounts;
    private final JsonWebToken jwt;

    public CardAccountResource(CardAccountService accounts, JsonWebToken jwt) {
        this.accounts = accounts;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a card account under a card program",
            description = "external_id is unique within the card program. default_country_code and "
                    + "default_postal_code default to the program's, status to ENROLLED. The same request sent "
                    + "again (same card_program_id, external_id and values) answers the card account it created, "
                    + "with 201, as long as it was not changed since.")
    @APIResponse(responseCode = "201", description = "The card account")
    @APIResponse(responseCode = "400", description = "TripleBadRequestError")
    @APIResponse(responseCode = "409", description = "TripleIntegrityError: external_id already used in the card program")
    @APIResponse(responseCode = "422", description = "TripleUnprocessableEntity: card_program_id names no card program of the caller")
    public Uni<Response> create(@Valid CreateCardAccountRequest request) {
        String owner = Caller.of(jwt).clientId();
        return accounts.create(owner, Bodies.required(request))
                // the same request again (e.g. after a 503 whose outcome was unknown): the original answer
                .onFailure(TakenExternalId.class).recoverWithUni(taken -> accounts.original((TakenExternalId) taken))
                .map(CardAccountView::of)
                .map(view -> Response.created(URI.create("/partner/card-accounts/" + view.id())).entity(view).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a card account by its Triple id")
    @APIResponse(responseCode = "200", description = "The card account")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no card account of the caller has this id")
    public Uni<CardAccountView> get(@PathParam("id") String id) {
        String owner = Caller.of(jwt).clientId();
        return accounts.get(owner, id)
                .map(CardAccountView::of);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enroll, un-enroll or close a card account, or change its defaults",
            description = "CLOSED is final: any change to a closed account is a 422 TripleUnprocessableEntity. "
                    + "The same PATCH sent again changes nothing and answers the same card account.")
    @APIResponse(responseCode = "200", description = "The card account after the change")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError")
    @APIResponse(responseCode = "422", description = "TripleUnprocessableEntity: the account is closed")
    public Uni<CardAccountView> update(@PathParam("id") String id, @Valid UpdateCardAccountRequest request) {
        String owner = Caller.of(jwt).clientId();
        return accounts.update(owner, id, Bodies.required(request))
                .map(CardAccountView::of);
    }

    @GET
    @Operation(summary = "List card accounts (not implemented)",
            description = "Use POST /partner/card-account.by-ids or GET /partner/card-accounts/{id}.")
    @APIResponse(responseCode = "501", description = "TripleNotImplementedError")
    public Response list() {
        Caller.of(jwt);
        throw NotImplemented.listing("card accounts",
                "find a card account with POST /partner/card-account.by-ids or GET /partner/card-accounts/{id}");
    }
}
