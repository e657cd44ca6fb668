package com.cardplatform.card.cards.api;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.cards.service.CardStatusService;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Called by consumer-service when a consumer is deleted (scope {@code cards:internal}, a platform client bound
 * to no issuer). Idempotent, so that consumer-service's outbox can retry it safely.
 */
@Path("/internal/issuers/{issuerId}/consumers/{consumerId}/cards")
@RolesAllowed("cards:internal")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class InternalCardResource {

    private final CardStatusService statuses;
    private final Caller caller;

    public InternalCardResource(CardStatusService statuses, Caller caller) {
        this.statuses = statuses;
        this.caller = caller;
    }

    @DELETE
    public Uni<CascadeResult> deleteConsumerCards(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.CONSUMER_ID) String consumerId) {
        return statuses.deleteConsumerCards(issuerId, consumerId, caller.clientId(),
                RequestEdge.currentCorrelationId());
    }
}
