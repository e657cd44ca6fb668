package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The issuer moves a card to another status, saying why. */
public record ChangeStatusRequest(
        @NotNull @Schema(example = "BLOCKED") CardStatus status,
        @Pattern(regexp = Patterns.REASON) @Schema(example = "customer called") String reason) {
}
