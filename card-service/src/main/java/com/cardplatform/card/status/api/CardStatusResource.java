package com.cardplatform.card.status.api;

import com.cardplatform.card.status.service.CitiCardStatusService;
import com.cardplatform.errors.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Citi Banamex: update card status detail (seed 003), scope {@code cards:status}, acting on the token's issuer.
 * Headers are checked by {@link CitiHeaderFilter}; errors are rendered in the Citi dialect.
 */
@Path("/v1/cards/status/detail")
@RolesAllowed("cards:status")
@Tag(name = "Card status (Citi)")
@SecurityRequirement(name = "jwt")
public class CardStatusResource {

    private static final String ERROR_EXAMPLE = "{\"type\":\"error\",\"code\":\"invalidRequest\",\"details\":"
            + "\"Missing or invalid Parameters\",\"location\":\"uuid\",\"moreInfo\":\"uuid header is required\","
            + "\"timestamp\":\"2026-03-02T09:15:00.000Z\"}";

    private final CitiCardStatusService service;
    private final JsonWebToken token;

    public CardStatusResource(CitiCardStatusService service, JsonWebToken token) {
        this.service = service;
        this.token = token;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CitiHeaders
    @Operation(operationId = "update-cards-status-detail", summary = "LOB:Cards; Feature:Debit and Credit Cards; "
            + "Functionality:Update Status",
            description = "This API depending on the classification decides if it is a debit or credit card, it will "
                    + "block or unblock depending the code of the request.")
    @Parameter(name = "Accept", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "Content-Types that are acceptable for the response")
    @Parameter(name = "uuid", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "128 bit UUID that you generate for every request")
    @Parameter(name = "countryCode", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "Country code in 2 character ISO 3166 format")
    @Parameter(name = "businessCode", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "Business code identified during application registration")
    @Parameter(name = "ChannelId", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "Channel where request originated")
    @Parameter(name = "sid", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING), description = "SessionId sent by Consumer")
    @Parameter(name = "client_id", in = ParameterIn.HEADER, required = false, schema = @Schema(type = SchemaType.STRING), description = "Client ID generated during application registration")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, required = false, schema = @Schema(type = SchemaType.STRING), description = "List of acceptable human languages for response")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "block",
            value = "{\"accountId\":\"123456\",\"customerId\":\"123456789012\",\"cardStatusCode\":\"L\",\"blockReasonCode\":\"Y1\"}")))
    @APIResponse(responseCode = "204", description = "Successful operation.")
    @APIResponse(responseCode = "400", description = "invalidRequest: Missing or invalid Parameters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "invalidRequest",
                    value = ERROR_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "unAuthorized: Authorization credentials are missing or invalid")
    @APIResponse(responseCode = "403", description = "accessNotConfigured: Channel/Country/Business provided in the request is not supported currently")
    @APIResponse(responseCode = "404", description = "resourceNotFound: no such account for this issuer")
    @APIResponse(responseCode = "422", description = "resourceNotFound: the card's state forbids it (e.g. unblocking a card blocked as lost or stolen)")
    @APIResponse(responseCode = "500", description = "fatal serverUnavailable: The request failed due to an internal error/server unavailability")
    public Uni<Response> update(@HeaderParam("uuid") String uuid, @Valid @NotNull UpdateCardStatusRequest body) {
        Caller caller = Caller.of(token);
        String issuerId = caller.requireBoundIssuer();
        return service.update(issuerId, body, caller.clientId(), uuid)
                .replaceWith(Response.noContent().build());
    }
}
