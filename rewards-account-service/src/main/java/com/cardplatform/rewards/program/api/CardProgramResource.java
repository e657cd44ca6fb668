package com.cardplatform.rewards.program.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.program.service.CardProgramService;
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

/** {@code /partner/card-programs}: create, read and list card programs under the caller's publishers. */
@Path("/partner/card-programs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Card programs")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class CardProgramResource {

    private final CardProgramService programs;
    private final Caller caller;

    public CardProgramResource(CardProgramService programs, Caller caller) {
        this.programs = programs;
        this.caller = caller;
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
        String owner = caller.clientId();
        return Creations.created(programs.create(owner, Bodies.required(request)), programs::original, CardProgramView::of,
                CardProgramView::id, "/partner/card-programs/");
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a card program by its Triple id")
    @APIResponse(responseCode = "200", description = "The card program")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no card program of the caller has this id")
    public Uni<CardProgramView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
        return programs.get(owner, id)
                .map(CardProgramView::of);
    }

    @GET
    @Operation(summary = "List Card Programs", description = "Returns a list of the caller's Card Programs." + ListDocs.PAGING)
    @APIResponse(responseCode = "200", description = "Card Programs", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardProgramList.class),
            examples = @ExampleObject(name = "Card Programs", value = CardProgramList.EXAMPLE)))
    @APIResponse(responseCode = "400", description = ListDocs.BAD_REQUEST, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page_size out of range",
                    value = ListDocs.BAD_PAGE_SIZE)))
    @APIResponse(responseCode = "403", description = "TripleForbiddenError: no api.tripleup.com/partner.publishers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "TripleForbiddenError", value = ErrorExamples.FORBIDDEN)))
    @APIResponse(responseCode = "503", description = "TripleServiceUnavailable", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "TripleServiceUnavailable", value = ErrorExamples.UNAVAILABLE)))
    @Parameter(name = PageRequest.SIZE, in = ParameterIn.QUERY, description = ListDocs.PAGE_SIZE,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "1000"))
    @Parameter(name = PageRequest.TOKEN, in = ParameterIn.QUERY, description = ListDocs.PAGE_TOKEN,
            schema = @Schema(type = SchemaType.STRING, maxLength = PageToken.MAX_LENGTH))
    public Uni<CardProgramList> list(@Context HttpServerRequest request) {
        String owner = caller.clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(CardProgramList.LIST, query);
        return programs.list(owner, page)
                .map(CardProgramList::of);
    }
}
