package com.cardplatform.rewards.publisher.api;

import com.cardplatform.guard.idempotency.KeptByItsWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import com.cardplatform.rewards.owned.Creations;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.paging.QueryParams;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.service.PublisherService;
import com.cardplatform.rewards.security.Scopes;
import com.cardplatform.rewards.wire.Bodies;
import com.cardplatform.runtime.security.Caller;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/** {@code /partner/publishers}: create, read and list the caller's publishers. */
@Path("/partner/publishers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class PublisherResource {

    private static final String COLLECTION = "/partner/publishers/";

    private final PublisherService publishers;
    private final Caller caller;
    private final KeyInTheWrite keys;

    public PublisherResource(PublisherService publishers, Caller caller, KeyInTheWrite keys) {
        this.publishers = publishers;
        this.caller = caller;
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The publisher")
    // its statement keeps the Idempotency-Key with this answer (partner-guard's KeyInTheWrite)
    @KeptByItsWrite
    public Uni<Response> create(@Valid CreatePublisherRequest request) {
        Publisher candidate = publishers.candidate(caller.clientId(), Bodies.required(request));
        PublisherView view = PublisherView.of(candidate);
        KeyRow key = keys.answering(201, view, Map.of("Location", COLLECTION + view.id()));
        return Creations.created(publishers.create(candidate, key), publishers::original, PublisherView::of,
                PublisherView::id, COLLECTION);
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The publisher")
    public Uni<PublisherView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
        return publishers.get(owner, id)
                .map(PublisherView::of);
    }

    @GET
    @APIResponse(responseCode = "200", description = "Publishers")
    public Uni<PublisherList> list(@Context HttpServerRequest request) {
        String owner = caller.clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(PublisherList.LIST, query);
        return publishers.list(owner, page)
                .map(PublisherList::of);
    }
}
