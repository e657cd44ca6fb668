package com.cardplatform.rewards.publisher.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.publisher.service.PublisherService;
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

/** {@code /partner/publishers}: create and read the caller's publishers. */
@Path("/partner/publishers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@Tag(name = "Publishers")
@SecurityRequirement(name = "triple_auth", scopes = Scopes.PUBLISHERS)
public class PublisherResource {

    private final PublisherService publishers;
    private final JsonWebToken jwt;

    public PublisherResource(PublisherService publishers, JsonWebToken jwt) {
        this.publishers = publishers;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a publisher", description = "external_id is unique among the caller's publishers. "
            + "The same request sent again (same external_id and name) answers the publisher it created, with 201.")
    @APIResponse(responseCode = "201", description = "The publisher")
    @APIResponse(responseCode = "400", description = "TripleBadRequestError")
    @APIResponse(responseCode = "409", description = "TripleIntegrityError: external_id already used")
    public Uni<Response> create(@Valid CreatePublisherRequest request) {
        String owner = Caller.of(jwt).clientId();
        return publishers.create(owner, Bodies.required(request))
                // the same request again (e.g. after a 503 whose outcome was unknown): the original answer
                .onFailure(TakenExternalId.class).recoverWithUni(taken -> publishers.original((TakenExternalId) taken))
                .map(PublisherView::of)
                .map(view -> Response.created(URI.create("/partner/publishers/" + view.id())).entity(view).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a publisher by its Triple id")
    @APIResponse(responseCode = "200", description = "The publisher")
    @APIResponse(responseCode = "404", description = "TripleInvalidPathError: no publisher of the caller has this id")
    public Uni<PublisherView> get(@PathParam("id") String id) {
        String owner = Caller.of(jwt).clientId();
        return publishers.get(owner, id)
                .map(PublisherView::of);
    }

    @GET
    @Operation(summary = "List publishers (not implemented)",
            description = "Named by the Triple documentation; this service answers 501 TripleNotImplementedError.")
    @APIResponse(responseCode = "501", description = "TripleNotImplementedError")
    public Response list() {
        Caller.of(jwt);
        throw NotImplemented.listing("publishers", "read a publisher with GET /partner/publishers/{id}");
    }
}
