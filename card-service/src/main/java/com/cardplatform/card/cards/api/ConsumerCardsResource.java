package com.cardplatform.card.cards.api;

import static com.cardplatform.card.cards.Patterns.ISSUER_ID_LENGTH;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.cards.service.CardService;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A consumer's cards, for its issuer (D1 dialect, scope {@code cards:provisioning}). */
@Path("/issuers/{issuerId}/consumers/{consumerId}/cards")
@RolesAllowed("cards:provisioning")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ConsumerCardsResource {

    private final CardService cards;
    private final Caller caller;

    public ConsumerCardsResource(CardService cards, Caller caller) {
        this.cards = cards;
        this.caller = caller;
    }

    @GET
    public Uni<CardList> listByConsumer(
            @PathParam("issuerId") @Size(min = ISSUER_ID_LENGTH, max = ISSUER_ID_LENGTH) String issuerId,
            @PathParam("consumerId") @Pattern(regexp = Patterns.CONSUMER_ID) String consumerId) {
        caller.requireIssuer(issuerId);
        return cards.listByConsumer(issuerId, consumerId)
                .map(list -> new CardList(list.stream().map(CardView::of).toList()));
    }
}
