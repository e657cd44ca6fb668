package com.cardplatform.consumer.api;

import com.cardplatform.consumer.service.ConsumerOperationsService;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.errors.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Thales D1 consumer operations (seed 001): delete a consumer, list its operations, read one. Scope
 * {@code consumers:operations}; the path issuerId must be the token's issuer_id. Java parameter names are the
 * wire names and their order is the order in which the first field in error is reported.
 */
@Path("/issuers/{issuerId}/consumers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations", description = "Different operations that can be done on a consumer.")
@SecurityRequirement(name = "jwt")
public class ConsumerOperationsResource {

    private static final String CORRELATION = "Random identifier to correlate the calls of one use case; logged in "
            + "clear and echoed back. Generated when absent.";

    private final ConsumerOperationsService service;
    private final Caller caller;

    public ConsumerOperationsResource(ConsumerOperationsService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path("/{consumerId}/operations:delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Patterns.SCOPE_OPERATIONS)
    @Parameter(name = "x-correlation-id", in = ParameterIn.HEADER, required = false, description = CORRELATION,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    pattern = "[a-zA-Z0-9_\\-\\. ]{1,64}", maxLength = 64))
    @Operation(summary = "Delete",
            description = "Deletes an end user (consumer). The action cascades to delete all the accounts, cards and "
                    + "digital cards associated with the end user. The deletion cannot be reversed: the consumerId can "
                    + "never be registered again. The cards are deleted in card-service right away when it answers "
                    + "(status SUCCESSFUL), else in the background (status PENDING, then SUCCESSFUL or FAILED). "
                    + "Deleting a deleted consumer again answers with its DELETE operation when that is PENDING or "
                    + "SUCCESSFUL; when it is FAILED (the cards could not be deleted), a new DELETE operation is "
                    + "started that completes the deletion, and the failed one keeps its error.")
    @APIResponse(responseCode = "200", description = "End user was deleted successfully.",
            content = @Content(schema = @Schema(implementation = OperationResult.class),
                    examples = @ExampleObject(name = "deleted",
                            value = "{\"operationId\":\"01J0ZK3V9W6Q8RXN2T5B7M4CDE\",\"status\":\"SUCCESSFUL\"}")))
    @APIResponse(responseCode = "400", description = "Bad request", content = @Content(examples = @ExampleObject(
            name = "invalid consumerId", value = "{\"errorCode\":\"FIELD_INVALID_FORMAT\",\"error\":\"consumerId\"}")))
    @APIResponse(responseCode = "401", description = "Unauthorized", content = @Content(examples = @ExampleObject(
            name = "no token", value = "{\"errorCode\":\"AUTHORIZER_UNAUTHORIZED\",\"error\":\"Access token not valid\"}")))
    @APIResponse(responseCode = "403", description = "Forbidden", content = @Content(examples = @ExampleObject(
            name = "other issuer", value = "{\"errorCode\":\"AUTHORIZER_FORBIDDEN\",\"error\":\"not_authorized\"}")))
    @APIResponse(responseCode = "404", description = "Unknown consumer", content = @Content(examples = @ExampleObject(
            name = "not found", value = "{}")))
    public Uni<OperationResult> delete(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @Valid OperationRequest body) {
        OperationRequest request = body == null ? OperationRequest.NONE : body;
        var reasonCode = request.reasonCodeOrDefault();
        caller.requireIssuer(issuerId);
        return service.delete(issuerId, consumerId, request.reason(), reasonCode, RequestEdge.currentCorrelationId())
                .map(outcome -> new OperationResult(outcome.operationId(), outcome.status().name()));
    }

    @GET
    @Path("/{consumerId}/operations")
    @RolesAllowed(Patterns.SCOPE_OPERATIONS)
    @Parameter(name = "x-correlation-id", in = ParameterIn.HEADER, required = false, description = CORRELATION,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    pattern = "[a-zA-Z0-9_\\-\\. ]{1,64}", maxLength = 64))
    @Operation(summary = "Get all operations",
            description = "The operations of an end user, most recent first. An empty list when there are none. "
                    + "Operations older than 3 months are removed.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = OperationList.class),
                    examples = @ExampleObject(name = "one page", value = "{\"operations\":[{\"operationId\":"
                            + "\"01J0ZK3V9W6Q8RXN2T5B7M4CDE\",\"operation\":\"DELETE\",\"status\":\"SUCCESSFUL\","
                            + "\"startTime\":\"2022-06-16T06:28:02.492Z\",\"endTime\":\"2022-06-16T06:28:32.492Z\","
                            + "\"requestorType\":\"ISSUER\",\"requestorId\":\"ISSUER0001\","
                            + "\"reason\":\"customer was contacted on June 28\",\"reasonCode\":\"ISSUER_DECISION\","
                            + "\"details\":{\"deletedAccounts\":1,\"deletedCards\":2,\"deletedDigitalCards\":1}}],"
                            + "\"remainingOperations\":3}")))
    @APIResponse(responseCode = "400", description = "Bad request", content = @Content(examples = @ExampleObject(
            name = "limit out of range", value = "{\"errorCode\":\"FIELD_INVALID_VALUE\",\"error\":\"limit\"}")))
    public Uni<OperationList> list(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @Parameter(description = "Index of the first operation returned; 0 (default) is the most recent.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER,
                            minimum = "0", defaultValue = "0"))
            @QueryParam("offset") String offset,
            @Parameter(description = "Number of operations to be returned, 1 to 50.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER,
                            minimum = "1", maximum = "50", defaultValue = "10"))
            @QueryParam("limit") String limit) {
        int from = QueryInts.parse("offset", offset, 0, 0, Integer.MAX_VALUE);
        int size = QueryInts.parse("limit", limit, 10, 1, 50);
        caller.requireIssuer(issuerId);
        return service.operations(issuerId, consumerId, from, size)
                .map(page -> new OperationList(page.rows().stream().map(OperationDetails::of).toList(),
                        Math.max(0, page.total() - from - page.rows().size())));
    }

    @GET
    @Path("/{consumerId}/operations/{operationId}")
    @RolesAllowed(Patterns.SCOPE_OPERATIONS)
    @Parameter(name = "x-correlation-id", in = ParameterIn.HEADER, required = false, description = CORRELATION,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    pattern = "[a-zA-Z0-9_\\-\\. ]{1,64}", maxLength = 64))
    @Operation(summary = "Get operation", description = "The details of one operation of an end user.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = OperationDetails.class)))
    @APIResponse(responseCode = "404", description = "Unknown operation (or another consumer's)",
            content = @Content(examples = @ExampleObject(name = "not found", value = "{}")))
    public Uni<OperationDetails> get(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @PathParam("operationId") @Pattern(regexp = Patterns.ID) String operationId) {
        caller.requireIssuer(issuerId);
        return service.operation(issuerId, consumerId, operationId)
                .map(OperationDetails::of);
    }
}
