package com.cardplatform.rewards.program.api;

import com.cardplatform.runtime.security.Caller;
import com.cardplatform.rewards.owned.Creations;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.paging.QueryParams;
import com.cardplatform.rewards.program.service.CardProgramService;
import com.cardplatform.rewards.security.Scopes;
import com.cardplatform.rewards.wire.Bodies;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/** {@code /partner/card-programs}: create, read and list card programs under the caller's publishers. */
@Path("/partner/card-programs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class CardProgramResource {

    private final CardProgramService programs;
    private final Caller caller;

    public CardProgramResource(CardProgramService programs, Caller caller) {
        this.programs = programs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The card program")
    public Uni<Response> create(@Valid CreateCardProgramRequest request) {
        String owner = caller.clientId();
        return Creations.created(programs.create(owner, Bodies.required(request)), programs::original, CardProgramView::of,
                CardProgramView::id, "/partner/card-programs/");
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The card program")
    public Uni<CardProgramView> get(@PathParam("id") String id) {
        String owner = caller.clientId();
        return programs.get(owner, id)
                .map(CardProgramView::of);
    }

    @GET
    @APIResponse(responseCode = "200", description = "Card Programs")
    public Uni<CardProgramList> list(@Context HttpServerRequest request) {
        String owner = caller.clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(CardProgramList.LIST, query);
        return programs.list(owner, page)
                .map(CardProgramList::of);
    }
}
