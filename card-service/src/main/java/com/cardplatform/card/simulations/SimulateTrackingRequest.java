package com.cardplatform.card.simulations;

import com.cardplatform.card.cards.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A simulated carrier (or card bureau) update of a card. {@code carrier} and {@code trackingNumber} (both or
 * neither) choose the card's shipment or return with them; without them, its latest open one. {@code produced}
 * takes neither: it completes the card's pending production.
 */
public record SimulateTrackingRequest(
        @NotNull @Schema(type = SchemaType.STRING, example = "in_transit",
                enumeration = {"produced", "in_transit", "out_for_delivery", "delivered", "returned", "lost"})
        SimulatedTrackingEvent event,
        @Pattern(regexp = Patterns.CARRIER) @Schema(example = "dhl") String carrier,
        @Pattern(regexp = Patterns.TRACKING_NUMBER) @Schema(example = "JD014600006281230704") String trackingNumber) {
}
