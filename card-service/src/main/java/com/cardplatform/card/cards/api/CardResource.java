package com.cardplatform.card.cards.api;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.cards.service.CardService;
import com.cardplatform.card.cards.service.CardStatusService;
import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ExceptionClassifier;
import com.cardplatform.errors.http.RequestEdge;
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

/**
 * The issuer's provisioning side (D1 dialect, scope {@code cards:provisioning}): cards, digital cards, status
 * changes and history. {@code {issuerId}} must be the token's {@code issuer_id}; another issuer's card is 404.
 */
@Path("/issuers/{issuerId}/cards")
@RolesAllowed("cards:provisioning")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class CardResource {

    private final CardService cards;
    private final CardStatusService statuses;
    private final Caller caller;

    public CardResource(CardService cards, CardStatusService statuses, Caller caller) {
        this.cards = cards;
        this.statuses = statuses;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The card")
    public Uni<Response> provision(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @Valid @NotNull ProvisionCardRequest body) {
        caller.requireIssuer(issuerId);
        return cards.provision(issuerId, caller.clientId(), RequestEdge.currentCorrelationId(), body)
                .map(card -> Response.created(URI.create("/issuers/" + issuerId + "/cards/" + card.cardId))
                        .entity(CardView.of(card))
                        .build());
    }

    @GET
    @Path("/{cardId}")
    public Uni<CardView> get(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId) {
        caller.requireIssuer(issuerId);
        return cards.get(issuerId, cardId)
                .map(CardView::of);
    }

    @POST
    @Path("/{cardId}/digitalCards")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The digital card")
    public Uni<Response> addDigitalCard(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull AddDigitalCardRequest body) {
        caller.requireIssuer(issuerId);
        return cards.addDigitalCard(issuerId, cardId, body)
                .map(digital -> Response.created(URI.create("/issuers/" + issuerId + "/cards/" + cardId
                                + "/digitalCards/" + digital.digitalCardId))
                        .entity(DigitalCardView.of(digital))
                        .build());
    }

    @GET
    @Path("/{cardId}/digitalCards")
    public Uni<DigitalCardList> listDigitalCards(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId) {
        caller.requireIssuer(issuerId);
        return cards.listDigitalCards(issuerId, cardId)
                .map(list -> new DigitalCardList(list.stream().map(DigitalCardView::of).toList()));
    }

    @POST
    @Path("/{cardId}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The card after the change")
    public Uni<CardView> changeStatus(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId,
            @Valid @NotNull ChangeStatusRequest body) {
        caller.requireIssuer(issuerId);
        return statuses.changeByIssuer(issuerId, cardId, body.status(), body.reason(), caller.clientId(),
                        RequestEdge.currentCorrelationId())
                .chain(() -> cards.get(issuerId, cardId)
                        .onFailure().transform(CardResource::afterTheChange))
                .map(CardView::of);
    }

    /**
     * A failure to read the card once its change is committed: a 5xx here must not say that nothing was written, so
     * it is answered as an unknown outcome (the same request again answers the card, see README "Write outcomes").
     */
    private static Throwable afterTheChange(Throwable failure) {
        return ExceptionClassifier.classify(failure).status() >= 500 ? ApiError.outcomeUnknown(failure) : failure;
    }

    @GET
    @Path("/{cardId}/statusHistory")
    public Uni<StatusHistory> statusHistory(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("cardId") @Pattern(regexp = Patterns.CARD_ID) String cardId) {
        caller.requireIssuer(issuerId);
        return cards.statusHistory(issuerId, cardId)
                .map(list -> new StatusHistory(cardId, list.stream().map(StatusChangeView::of).toList()));
    }
}
