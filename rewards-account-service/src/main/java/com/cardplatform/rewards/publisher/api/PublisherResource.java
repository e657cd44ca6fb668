package com.cardplatform.rewards.publisher.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.publisher.service.PublisherService;
import com.cardplatform.rewards.shared.Bodies;
import com.cardplatform.rewards.shared.PageRequest;
import com.cardplatform.rewards.shared.QueryParams;
import com.cardplatform.rewards.shared.Scopes;
import com.cardplatform.rewards.shared.TakenExternalId;
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
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code /partner/publishers}: create, read and list the caller's publishers. */
@Path("/partner/publishers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
public class PublisherResource {

    private final PublisherService publishers;
    private final JsonWebToken jwt;

    public PublisherResource(PublisherService publishers, JsonWebToken jwt) {
        this.publishers = publishers;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The publisher")
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
    @APIResponse(responseCode = "200", description = "The publisher")
    public Uni<PublisherView> get(@PathParam("id") String id) {
        String owner = Caller.of(jwt).clientId();
        return publishers.get(owner, id)
                .map(PublisherView::of);
    }

    @GET
    @APIResponse(responseCode = "200", description = "Publishers")
    public Uni<PublisherList> list(@Context HttpServerRequest request) {
        String owner = Caller.of(jwt).clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(PublisherList.LIST, query);
        return publishers.list(owner, page)
                .map(PublisherList::of);
    }
}
