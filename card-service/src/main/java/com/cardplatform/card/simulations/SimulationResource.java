package com.cardplatform.card.simulations;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.api.OperationView;
import com.cardplatform.errors.security.Caller;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sandbox simulations of the Tracking Hub (scope {@code cards:tracking}, issuer-bound, D1 dialect): a partner makes
 * its test card's parcel move as the carrier would. Off in production ({@link SimulationsGate}: 404).
 */
@Path("/simulations/issuers/{issuerId}/physicalCards")
@RolesAllowed("cards:tracking")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox simulations")
@SecurityRequirement(name = "jwt")
public class SimulationResource {

    private final SimulationService simulations;
    private final JsonWebToken token;

    public SimulationResource(SimulationService simulations, JsonWebToken token) {
        this.simulations = simulations;
        this.token = token;
    }

    @POST
    @Path("/{cardId}/tracking")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Simulate a carrier update of a card's parcel (sandbox only)",
            description = "Moves the card's tracking operation exactly as a carrier or card bureau update does, and "
                    + "emits the same tracking.operation.updated event. event: produced (completes the card's "
                    + "pending PRODUCTION operation; no carrier), in_transit, out_for_delivery, delivered, returned, "
                    + "lost (the card's SHIPMENT or RETURN operation with this carrier and trackingNumber when given, "
                    + "both or neither, else its latest open one). Answers the operation as the GET reads it. Not "
                    + "available in production (404).")
    @APIResponse(responseCode = "200", description = "The operation after the update",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "in transit",
                    value = "{\"operationId\":\"0b6f0c7e-4f57-8a44-9d0e-2c1f2e8d9a10\",\"operation\":\"STANDALONE_TRACKING\","
                            + "\"status\":\"SUCCESSFUL\",\"startTime\":\"2026-03-02T09:15:00.000Z\",\"endTime\":\"2026-03-02T09:20:00.000Z\","
                            + "\"details\":{\"trackingType\":\"SHIPMENT\",\"status\":\"CARD_SHIPPED\",\"shipment\":{\"carrier\":\"dhl\","
                            + "\"trackingNumber\":\"JD014600006281230704\",\"status\":\"IN_TRANSIT\",\"message\":\"In transit\"}}}")))
    @APIResponse(responseCode = "400", description = "Bad request (FIELD_INVALID_FORMAT / FIELD_INVALID_VALUE naming the field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "FIELD_INVALID_VALUE",
                    value = "{\"errorCode\":\"FIELD_INVALID_VALUE\",\"error\":\"event\"}")))
    @APIResponse(responseCode = "401", description = "Missing or invalid access token")
    @APIResponse(responseCode = "403", description = "Wrong scope or issuer (AUTHORIZER_FORBIDDEN); the operation has "
            + "newer data than this update (OPERATION_NOT_ALLOWED, error event)")
    @APIResponse(responseCode = "404", description = "Unknown card, no operation of the card takes this update, or "
            + "simulations are disabled")
    public Uni<OperationView> tracking(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull SimulateTrackingRequest body) {
        Caller.of(token).requireIssuer(issuerId);
        return simulations.simulate(issuerId, cardId, body);
    }
}
