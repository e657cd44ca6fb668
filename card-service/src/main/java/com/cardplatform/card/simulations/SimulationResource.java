package com.cardplatform.card.simulations;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.api.OperationView;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Sandbox simulations of the Tracking Hub (scope {@code cards:tracking}, issuer-bound, D1 dialect): a partner makes
 * its test card's parcel move as the carrier would. Off in production ({@link SimulationsGate}: 404).
 */
@Path("/simulations/issuers/{issuerId}/physicalCards")
@RolesAllowed("cards:tracking")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class SimulationResource {

    private final SimulationService simulations;
    private final Caller caller;

    public SimulationResource(SimulationService simulations, Caller caller) {
        this.simulations = simulations;
        this.caller = caller;
    }

    @POST
    @Path("/{cardId}/tracking")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The operation after the update")
    public Uni<OperationView> tracking(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull SimulateTrackingRequest body) {
        caller.requireIssuer(issuerId);
        return simulations.simulate(issuerId, cardId, body);
    }
}
