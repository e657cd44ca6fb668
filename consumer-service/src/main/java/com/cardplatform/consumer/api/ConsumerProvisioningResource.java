package com.cardplatform.consumer.api;

import com.cardplatform.consumer.ReasonCode;
import com.cardplatform.consumer.service.ConsumerOperationsService;
import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The issuer-side lifecycle that seed 001 assumes: register a consumer with its accounts, suspend it, resume it.
 * Scope {@code consumers:provisioning}; each call is recorded as an operation (requestorType ISSUER).
 */
@Path("/issuers/{issuerId}/consumers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class ConsumerProvisioningResource {

    private final ConsumerOperationsService service;
    private final Caller caller;

    public ConsumerProvisioningResource(ConsumerOperationsService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Patterns.SCOPE_PROVISIONING)
    @APIResponse(responseCode = "201", description = "Registered; Location is the REGISTER operation",
            content = @Content(schema = @Schema(implementation = OperationResult.class)))
    public Uni<RestResponse<OperationResult>> register(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @Valid RegisterConsumerRequest body) {
        if (body == null) {
            throw ApiError.malformedBody("A JSON body is required");
        }
        List<String> accountIds = accountIds(body);
        caller.requireIssuer(issuerId);
        return service.register(issuerId, body.consumerId(), accountIds)
                .map(op -> RestResponse.ResponseBuilder
                        .<OperationResult>created(URI.create("/issuers/" + issuerId + "/consumers/" + body.consumerId()
                                + "/operations/" + op.operationId))
                        .entity(new OperationResult(op.operationId, op.status.name()))
                        .build());
    }

    @POST
    @Path("/{consumerId}/operations:suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Patterns.SCOPE_PROVISIONING)
    @APIResponse(responseCode = "200", description = "Suspended")
    public Uni<OperationResult> suspend(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @Valid OperationRequest body) {
        return transition(issuerId, consumerId, body, service::suspend);
    }

    @POST
    @Path("/{consumerId}/operations:resume")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Patterns.SCOPE_PROVISIONING)
    @APIResponse(responseCode = "200", description = "Resumed")
    public Uni<OperationResult> resume(
            @PathParam("issuerId") @Size(min = Patterns.ISSUER_ID_LENGTH, max = Patterns.ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.ID) String consumerId,
            @Valid OperationRequest body) {
        return transition(issuerId, consumerId, body, service::resume);
    }

    /** The one thing suspend and resume differ in: which transition of the service they ask for. */
    @FunctionalInterface
    private interface Transition {
        Uni<com.cardplatform.consumer.Operation> apply(String issuerId, String consumerId, String reason,
                ReasonCode reasonCode);
    }

    /** Suspend or resume: no body means no reason (and the default reason code). */
    private Uni<OperationResult> transition(String issuerId, String consumerId, OperationRequest body,
            Transition transition) {
        OperationRequest request = body == null ? OperationRequest.NONE : body;
        ReasonCode reasonCode = request.reasonCodeOrDefault();
        caller.requireIssuer(issuerId);
        return transition.apply(issuerId, consumerId, request.reason(), reasonCode)
                .map(op -> new OperationResult(op.operationId, op.status.name()));
    }

    /**
     * Distinct account ids in request order. A missing or malformed one is FIELD_INVALID_FORMAT "accountId", a
     * repeated one FIELD_INVALID_VALUE "accountId" (checked after Bean Validation: accounts is the last field).
     */
    private static List<String> accountIds(RegisterConsumerRequest body) {
        if (body.accounts() == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (AccountRequest account : body.accounts()) {
            if (account == null || !account.wellFormed()) {
                throw ApiError.invalidFormat("accountId", "accountId must match " + Patterns.ID);
            }
            if (!seen.add(account.accountId())) {
                throw ApiError.invalidValue("accountId", "accountId " + account.accountId() + " is repeated");
            }
        }
        return body.accounts().stream().map(AccountRequest::accountId).toList();
    }
}
