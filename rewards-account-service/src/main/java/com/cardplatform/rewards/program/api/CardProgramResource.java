package com.cardplatform.rewards.program.api;

import com.cardplatform.errors.security.Caller;
import com.cardplatform.rewards.program.service.CardProgramService;
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

/** {@code /partner/card-programs}: create, read and list card programs under the caller's publishers. */
@Path("/partner/card-programs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PUBLISHERS)
@SecurityRequirement(name = "jwt", scopes = Scopes.PUBLISHERS)
public class CardProgramResource {

    private final CardProgramService programs;
    private final JsonWebToken jwt;

    public CardProgramResource(CardProgramService programs, JsonWebToken jwt) {
        this.programs = programs;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The card program")
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
    @APIResponse(responseCode = "200", description = "The card program")
    public Uni<CardProgramView> get(@PathParam("id") String id) {
        String owner = Caller.of(jwt).clientId();
        return programs.get(owner, id)
                .map(CardProgramView::of);
    }

    @GET
    @APIResponse(responseCode = "200", description = "Card Programs")
    public Uni<CardProgramList> list(@Context HttpServerRequest request) {
        String owner = Caller.of(jwt).clientId();
        QueryParams query = QueryParams.of(request);
        PageRequest page = PageRequest.of(CardProgramList.LIST, query);
        return programs.list(owner, page)
                .map(CardProgramList::of);
    }
}
