package com.cardplatform.card.tracking.api;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.service.TrackingService;
import com.cardplatform.errors.security.Caller;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
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

/** Thales D1 Tracking Hub (seed 000): track a physical card, read the operation (scope {@code cards:tracking}). */
@Path("/issuers/{issuerId}/physicalCards")
@RolesAllowed("cards:tracking")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tracking Hub")
@SecurityRequirement(name = "jwt")
public class TrackingResource {

    private final TrackingService tracking;
    private final JsonWebToken token;

    public TrackingResource(TrackingService tracking, JsonWebToken token) {
        this.tracking = tracking;
        this.token = token;
    }

    @POST
    @Path("/{cardId}/operations:track")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Track a physical card",
            description = "Opens a STANDALONE_TRACKING operation (PENDING) for the card's production, shipment or "
                    + "return. encryptedData is a compact JWE (ECDH-ES + A256GCM on P-256, kid of a key of "
                    + "/.well-known/tracking-jwks.json) of {\"pan\",\"exp\"} and, for SHIPMENT, "
                    + "{\"carrier\",\"trackingNumber\"} (carrier: D1's carrier code, e.g. dhl, fedex, usps-iv-api). "
                    + "issuerId is exactly 10 characters.")
    @Parameter(name = "x-correlation-id", in = ParameterIn.HEADER, required = false,
            schema = @Schema(type = SchemaType.STRING, pattern = "^[A-Za-z0-9_-]{1,64}$"),
            description = "Random identifier correlating the calls of one use-case; ^[A-Za-z0-9_-]{1,64}$; logged in clear")
    @APIResponse(responseCode = "200", description = "Successful track card request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "pending",
                    value = "{\"operationId\":\"0b6f0c7e-4f57-4a44-9d0e-2c1f2e8d9a10\",\"status\":\"PENDING\"}")))
    @APIResponse(responseCode = "400", description = "Bad request due to invalid URI, headers, parameters, or payload",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                    @ExampleObject(name = "FIELD_INVALID_FORMAT", value = "{\"errorCode\":\"FIELD_INVALID_FORMAT\",\"error\":\"encryptedData.pan\"}"),
                    @ExampleObject(name = "FIELD_INVALID_VALUE", value = "{\"errorCode\":\"FIELD_INVALID_VALUE\",\"error\":\"trackingType\"}"),
                    @ExampleObject(name = "CRYPTO_ERROR", value = "{\"errorCode\":\"CRYPTO_ERROR\"}"),
                    @ExampleObject(name = "PARSING_ERROR", value = "{\"errorCode\":\"PARSING_ERROR\",\"error\":\"encryptedData\"}")}))
    @APIResponse(responseCode = "401", description = "Unauthorized request due to missing or invalid access token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "AUTHORIZER_UNAUTHORIZED",
                    value = "{\"errorCode\":\"AUTHORIZER_UNAUTHORIZED\",\"error\":\"Access token not valid\"}")))
    @APIResponse(responseCode = "403", description = "Request forbidden by authorization rules or business constraints",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                    @ExampleObject(name = "AUTHORIZER_FORBIDDEN", value = "{\"errorCode\":\"AUTHORIZER_FORBIDDEN\",\"error\":\"not_authorized\"}"),
                    @ExampleObject(name = "OPERATION_NOT_ALLOWED", value = "{\"errorCode\":\"OPERATION_NOT_ALLOWED\",\"error\":\"track\"}")}))
    @APIResponse(responseCode = "404", description = "Requested resource not found")
    @APIResponse(responseCode = "500", description = "Internal server error while processing the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "INTERNAL_ERROR",
                    value = "{\"errorCode\":\"INTERNAL_ERROR\"}")))
    @APIResponse(responseCode = "503", description = "The service is temporarily unavailable. You may retry your request later.")
    public Uni<Response> track(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull TrackRequest body) {
        Caller caller = Caller.of(token).requireIssuer(issuerId);
        return tracking.track(issuerId, cardId, body.trackingType(), body.encryptedData(), caller.clientId())
                .map(operation -> Response.ok(new TrackResponse(operation.operationId(), operation.status()))
                        .location(URI.create("/issuers/" + issuerId + "/physicalCards/" + cardId + "/operations/"
                                + operation.operationId()))
                        .build());
    }

    @GET
    @Path("/{cardId}/operations/{operationId}")
    @Operation(summary = "Read a tracking operation",
            description = "{operationId, operation: STANDALONE_TRACKING, status, startTime, endTime, details: "
                    + "{trackingType, productionSite, status, shipment: {carrier, trackingNumber, status, message, "
                    + "trackingUrl}}}. PRODUCTION: PENDING, then SUCCESSFUL with details.status CARD_SHIPPED. "
                    + "SHIPMENT: PENDING (details.status CARD_SHIPPED), then SUCCESSFUL at the first change of "
                    + "shipment data and updated at every later one. RETURN: PENDING, then SUCCESSFUL with "
                    + "details.status CARD_RETURNED.")
    @APIResponse(responseCode = "200", description = "The operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "shipment",
                    value = "{\"operationId\":\"0b6f0c7e-4f57-8a44-9d0e-2c1f2e8d9a10\",\"operation\":\"STANDALONE_TRACKING\","
                            + "\"status\":\"SUCCESSFUL\",\"startTime\":\"2026-03-02T09:15:00.000Z\",\"endTime\":\"2026-03-03T08:00:04.512Z\","
                            + "\"details\":{\"trackingType\":\"SHIPMENT\",\"status\":\"CARD_SHIPPED\",\"shipment\":{\"carrier\":\"dhl\","
                            + "\"trackingNumber\":\"JD014600006281230704\",\"status\":\"DELIVERED\",\"message\":\"Delivered\","
                            + "\"trackingUrl\":\"https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281230704\"}}}")))
    @APIResponse(responseCode = "404", description = "No such operation for this card")
    public Uni<OperationView> operation(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @PathParam("operationId") @Pattern(regexp = Patterns.OPERATION_ID) String operationId) {
        Caller.of(token).requireIssuer(issuerId);
        return tracking.get(issuerId, cardId, operationId)
                .map(OperationView::of);
    }
}
