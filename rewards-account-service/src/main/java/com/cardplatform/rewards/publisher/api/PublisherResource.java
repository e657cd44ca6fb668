package com.cardplatform.rewards.publisher.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.publisher.service.PublisherService;
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

/** {@code /partner/publishers}: create, read and list the caller's publishers. */
@Path("/partner/publishers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Publishers")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class PublisherResource {

    private final PublisherService publishers;
    private final Caller caller;

    public PublisherResource(PublisherService publishers, Caller caller) {
        this.publishers = publishers;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a publisher", description = "external_id is unique among the caller's publishers. "
            + "The same request sent again (same external_id and name) answers the publisher it created, with 201.")
    @APIResponse(responseCode = "201", description = "The publisher")
    @APIResponse(responseCode = "400", description = "TripleBadRequestError")
    @APIResponse(responseCode = "409", description = "TripleIntegrityError: external_id already used")
    public Uni<Response> create(@Valid CreatePublisherRequest request) {
        String owner = caller.clientId();
        return Creations.created(publishers.create(owner, Bodies.required(request)), publishers::original, PublisherView::of,
                PublisherView::id, "/partner/publishers/");
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a publisher by its Triple id")
    @APIResponse(responseCode = "200", description = "The publisher")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no publisher of the caller has this id")
    public Uni<PublisherView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
        return publishers.get(owner, id)
                .map(PublisherView::of);
    }

    @GET
    @Operation(summary = "List Publishers", description = "Returns a list of the caller's Publishers." + ListDocs.PAGING)
    @APIResponse(responseCode = "200", description = "Publishers", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PublisherList.class),
            examples = @ExampleObject(name = "Publishers", value = PublisherList.EXAMPLE)))
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
    public Uni<PublisherList> list(@Context HttpServerRequest request) {
        String owner = caller.clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(PublisherList.LIST, query);
        return publishers.list(owner, page)
                .map(PublisherList::of);
    }
}
