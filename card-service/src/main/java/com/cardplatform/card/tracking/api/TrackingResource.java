package com.cardplatform.card.tracking.api;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.service.TrackingService;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/** Thales D1 Tracking Hub (seed 000): track a physical card, read the operation (scope {@code cards:tracking}). */
@Path("/issuers/{issuerId}/physicalCards")
@RolesAllowed("cards:tracking")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class TrackingResource {

    private final TrackingService tracking;
    private final Caller caller;

    public TrackingResource(TrackingService tracking, Caller caller) {
        this.tracking = tracking;
        this.caller = caller;
    }

    @POST
    @Path("/{cardId}/operations:track")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Successful track card request")
    public Uni<Response> track(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull TrackRequest body) {
        caller.requireIssuer(issuerId);
        return tracking.track(issuerId, cardId, body.trackingType(), body.encryptedData(), caller.clientId())
                .map(operation -> Response.ok(new TrackResponse(operation.operationId(), operation.status()))
                        .location(URI.create("/issuers/" + issuerId + "/physicalCards/" + cardId + "/operations/"
                                + operation.operationId()))
                        .build());
    }

    @GET
    @Path("/{cardId}/operations/{operationId}")
    @APIResponse(responseCode = "200", description = "The operation")
    public Uni<OperationView> operation(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @PathParam("operationId") @Pattern(regexp = Patterns.OPERATION_ID) String operationId) {
        caller.requireIssuer(issuerId);
        return tracking.get(issuerId, cardId, operationId)
                .map(OperationView::of);
    }
}
