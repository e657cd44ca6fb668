package com.cardplatform.consumer.api;

import com.cardplatform.consumer.service.ConsumerOperationsService;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.runtime.security.Caller;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Thales D1 consumer operations (seed 001): delete a consumer, list its operations, read one. Scope
 * {@code consumers:operations}; the path issuerId must be the token's issuer_id. Java parameter names are the
 * wire names and their order is the order in which the first field in error is reported.
 */
@Path("/issuers/{issuerId}/consumers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class ConsumerOperationsResource {

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
    @APIResponse(responseCode = "200", description = "End user was deleted successfully.")
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
    public Uni<OperationDetails> get(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @PathParam("operationId") @Pattern(regexp = Patterns.ID) String operationId) {
        caller.requireIssuer(issuerId);
        return service.operation(issuerId, consumerId, operationId)
                .map(OperationDetails::of);
    }
}
