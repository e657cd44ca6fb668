package com.cardplatform.rewards.account.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.account.service.CardAccountService;
import com.cardplatform.rewards.shared.Bodies;
import com.cardplatform.rewards.shared.ErrorExamples;
import com.cardplatform.rewards.shared.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /partner/card-account.by-ids} (seed 004: "Get Card Account External"). Read-only: the seed's security
 * requirement is {@code api.tripleup.com/partner.view_offers}; {@code partner.publishers}, which manages card
 * accounts, reads them too.
 */
@Path("/partner/card-account.by-ids")
@RolesAllowed({Scopes.PUBLISHERS, Scopes.VIEW_OFFERS})
@Tag(name = "Card accounts")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.VIEW_OFFERS)
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
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
    @Operation(summary = "Get Card Account External",
            description = "Returns a CardAccount instance using one or more of its associated external IDs: external "
                    + "card account ID, external card program ID, external publisher ID. The receiver returns the same "
                    + "object as calling the /card-accounts/{id} endpoint with the triple card account ID if a "
                    + "matching CardAccount exists.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CardAccountLookupRequest.class),
            examples = @ExampleObject(name = "all three", value = CardAccountLookupRequest.EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Card Account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardAccountView.class),
            examples = @ExampleObject(name = "Card Account", value = CardAccountView.EXAMPLE)))
    @APIResponse(responseCode = "400", description = "TripleBadRequestError", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleBadRequestError", value = ErrorExamples.BAD_REQUEST)))
    @APIResponse(responseCode = "401", description = "TripleNotAuthenticatedError", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleNotAuthenticatedError", value = ErrorExamples.NOT_AUTHENTICATED)))
    @APIResponse(responseCode = "403", description = "TripleForbiddenError (not exemplified by the seed): neither "
            + "api.tripleup.com/partner.view_offers nor api.tripleup.com/partner.publishers", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleForbiddenError", value = ErrorExamples.FORBIDDEN)))
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no card account matches", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleInvalidPathError", value = ErrorExamples.INVALID_PATH)))
    @APIResponse(responseCode = "409", description = "TripleIntegrityError: the ids match more than one card account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleIntegrityError", value = ErrorExamples.INTEGRITY)))
    @APIResponse(responseCode = "415", description = "TripleUnsupportedMediaType", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleUnsupportedMediaType", value = ErrorExamples.UNSUPPORTED_MEDIA_TYPE)))
    @APIResponse(responseCode = "422", description = "TripleUnprocessableEntity", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleUnprocessableEntity", value = ErrorExamples.UNPROCESSABLE)))
    @APIResponse(responseCode = "500", description = "TripleInternalServerError", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleInternalServerError", value = ErrorExamples.INTERNAL)))
    @APIResponse(responseCode = "501", description = "TripleNotImplementedError (listed by the seed; this service "
            + "implements every operation it routes and does not answer it)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleNotImplementedError", value = ErrorExamples.NOT_IMPLEMENTED)))
    @APIResponse(responseCode = "503", description = "TripleServiceUnavailable", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TripleServiceUnavailable", value = ErrorExamples.UNAVAILABLE)))
    public Uni<CardAccountView> findByExternalIds(@Valid CardAccountLookupRequest request) {
        String owner = caller.clientId();
        return accounts.findByExternalIds(owner, Bodies.required(request));
    }
}
