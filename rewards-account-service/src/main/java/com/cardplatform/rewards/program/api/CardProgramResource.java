package com.cardplatform.rewards.program.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.program.service.CardProgramService;
import com.cardplatform.rewards.shared.Bodies;
import com.cardplatform.rewards.shared.NotImplemented;
import com.cardplatform.rewards.shared.Scopes;
import com.cardplatform.rewards.shared.TakenExternalId;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** {@code /partner/card-programs}: create and read card programs under the caller's publishers. */
@Path("/partner/card-programs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Card programs")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class CardProgramResource {

    private final CardProgramService programs;
    private final JsonWebToken jwt;

    public CardProgramResource(CardProgramService programs, JsonWebToken jwt) {
        this.programs = programs;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a card program under a publisher",
            description = "external_id is unique within the publisher; default_country_code and default_postal_code "
                    + "are inherited by card accounts created without them. The same request sent again (same "
                    + "publisher_id, external_id and values) answers the card program it created, with 201.")
    @APIResponse(responseCode = "201", description = "The card program")
    @APIResponse(responseCode = "400", description = "TripleBadRequestError")
    @APIResponse(responseCode = "409", description = "TripleIntegrityError: external_id already used in the publisher")
    @APIResponse(responseCode = "422", description = "TripleUnprocessableEntity: publisher_id names no publisher of the caller")
    public Uni<Response> create(@Valid CreateCardProgramRequest request) {
        String owner = Caller.of(jwt).clientId();
        return programs.create(owner, Bodies.required(request))
                // the same request again (e.g. after a 503 whose outcome was unknown): the original answer
                .onFailure(TakenExternalId.class).recoverWithUni(taken -> programs.original((TakenExternalId) taken))
                .map(CardProgramView::of)
                .map(view -> Response.created(URI.create("/partner/card-programs/" + view.id())).entity(view).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a card program by its Triple id")
    @APIResponse(responseCode = "200", description = "The card program")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no card program of the caller has this id")
    public Uni<CardProgramView> get(@PathParam("id") String id) {
        String owner = Caller.of(jwt).clientId();
        return programs.get(owner, id)
                .map(CardProgramView::of);
    }

    @GET
    @Operation(summary = "List card programs (not implemented)")
    @APIResponse(responseCode = "501", description = "TripleNotImplementedError")
    public Response list() {
        Caller.of(jwt);
        throw NotImplemented.listing("card programs", "read a card program with GET /partner/card-programs/{id}");
    }
}
