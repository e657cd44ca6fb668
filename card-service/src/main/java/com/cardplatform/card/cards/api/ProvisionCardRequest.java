package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.cards.ProductType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An issuer registers a card. {@code pan} is optional: when given, only a keyed digest and the last four digits
 * are kept, and the tracking hub then checks that the PAN it decrypts is this card's.
 */
public record ProvisionCardRequest(
        @NotNull @Pattern(regexp = Patterns.CARD_ID) @Schema(example = "CARD-0001") String cardId,
        @NotNull @Pattern(regexp = Patterns.CONSUMER_ID) @Schema(example = "consumer-42") String consumerId,
        @NotNull @Pattern(regexp = Patterns.ACCOUNT_ID) @Schema(example = "123456") String accountId,
        @Pattern(regexp = Patterns.CUSTOMER_NUMBER) @Schema(example = "123456789012") String customerNumber,
        @NotNull ProductType productType,
        @Pattern(regexp = Patterns.PROGRAM_ID) @Schema(example = "PROGRAM-1") String programId,
        @Pattern(regexp = Patterns.PROXY_NUMBER) @Schema(example = "6039530407033839166") String proxyNumber,
        @Pattern(regexp = Patterns.PAN) @Schema(description = "Optional; never stored, never returned",
                example = "4111111111111111") String pan) {

    @Override
    public String toString() {
        // the PAN must never reach a log line, even through a debugging toString()
        return "ProvisionCardRequest[cardId=" + cardId + ", consumerId=" + consumerId + "]";
    }
}
