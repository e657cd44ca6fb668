package com.cardplatform.rewards.account.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.account.service.CardAccountService;
import com.cardplatform.rewards.shared.Bodies;
import com.cardplatform.rewards.shared.Creations;
import com.cardplatform.rewards.shared.ErrorExamples;
import com.cardplatform.rewards.shared.ListDocs;
import com.cardplatform.rewards.shared.PageRequest;
import com.cardplatform.rewards.shared.PageToken;
import com.cardplatform.rewards.shared.QueryParams;
import com.cardplatform.rewards.shared.Scopes;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /partner/card-accounts}: create, read, list and change the status of the caller's card accounts. Reading one
 * card account by its id also accepts the {@code partner.view_offers} scope; everything else needs
 * {@code partner.publishers}.
 */
@Path("/partner/card-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Card accounts")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class CardAccountResource {

    private final CardAccountService accounts;
    private final Caller caller;

    public CardAccountResource(CardAccountService accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
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
        String owner = caller.clientId();
        return Creations.created(accounts.create(owner, Bodies.required(request)), accounts::original, CardAccountView::of,
                CardAccountView::id, "/partner/card-accounts/");
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Scopes.PUBLISHERS, Scopes.VIEW_OFFERS})
    @SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
    @SecurityRequirement(name = "triple_auth", scopes = Scopes.VIEW_OFFERS)
    @Operation(summary = "Get a card account by its Triple id",
            description = "Read-only: a token with api.tripleup.com/partner.publishers or "
                    + "api.tripleup.com/partner.view_offers.")
    @APIResponse(responseCode = "200", description = "The card account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardAccountView.class)))
    @APIResponse(responseCode = "403", description = "TripleForbiddenError: neither scope")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no card account of the caller has this id")
    public Uni<CardAccountView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
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
        String owner = caller.clientId();
        return accounts.update(owner, id, Bodies.required(request))
                .map(CardAccountView::of);
    }

    @GET
    @Operation(summary = "List Card Accounts",
            description = "Returns a list of the caller's Card Accounts, optionally filtered by any combination of "
                    + "publisher_external_id, card_program_external_id and card_account_external_id."
                    + ListDocs.PAGING)
    @APIResponse(responseCode = "200", description = "Card Accounts", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardAccountList.class),
            examples = @ExampleObject(name = "Card Accounts", value = CardAccountList.EXAMPLE)))
    @APIResponse(responseCode = "400", description = ListDocs.BAD_REQUEST, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page_size out of range",
                    value = ListDocs.BAD_PAGE_SIZE)))
    @APIResponse(responseCode = "403", description = "TripleForbiddenError: no api.tripleup.com/partner.publishers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "TripleForbiddenError", value = ErrorExamples.FORBIDDEN)))
    @APIResponse(responseCode = "503", description = "TripleServiceUnavailable", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "TripleServiceUnavailable", value = ErrorExamples.UNAVAILABLE)))
    @Parameter(name = "publisher_external_id", in = ParameterIn.QUERY, description = "Partner-provided external ID "
            + "of a Publisher (non-empty, at most 255 characters).",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255))
    @Parameter(name = "card_program_external_id", in = ParameterIn.QUERY, description = "Partner-provided external "
            + "ID of a Card Program (non-empty, at most 255 characters).",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255))
    @Parameter(name = "card_account_external_id", in = ParameterIn.QUERY, description = "Partner-provided external "
            + "ID of a Card Account (non-empty, at most 255 characters).",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255))
    @Parameter(name = PageRequest.SIZE, in = ParameterIn.QUERY, description = ListDocs.PAGE_SIZE,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "1000"))
    @Parameter(name = PageRequest.TOKEN, in = ParameterIn.QUERY, description = ListDocs.PAGE_TOKEN,
            schema = @Schema(type = SchemaType.STRING, maxLength = PageToken.MAX_LENGTH))
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
