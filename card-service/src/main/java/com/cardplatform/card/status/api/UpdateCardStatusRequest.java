package com.cardplatform.card.status.api;

import com.cardplatform.card.cards.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Citi's {@code updateCardsStatusRequest}, with the seed's patterns and lengths. The seed requires only
 * {@code accountId}; without {@code cardStatusCode} there is nothing to do, so it is required here too. The seed
 * gives {@code accountId} no pattern: any non-blank text of at most 64 characters without control characters
 * ({@link Patterns#ACCOUNT_ID}).
 */
@Schema(name = "updateCardsStatusRequest")
public record UpdateCardStatusRequest(
        @NotNull @Pattern(regexp = Patterns.ACCOUNT_ID)
        @Schema(description = "AccountId will be an ID used to represent an account number uniquely.", example = "123456",
                maxLength = 64)
        String accountId,
        @Pattern(regexp = "^[0-9]*$") @Size(max = 12)
        @Schema(description = "Customer ID is a key associated with a specific entity or person Citi does business "
                + "or has some relationship with.", example = "123456789012")
        String customerId,
        @NotNull @Pattern(regexp = "[LYFS]") @Size(max = 1)
        @Schema(description = "Code that the customer provides to block or unblock the card.", example = "L")
        String cardStatusCode,
        @Pattern(regexp = "[YU0-9]{2}") @Size(max = 2)
        @Schema(description = "Block reason code gives more specific reason for blocking the account", example = "Y1")
        String blockReasonCode) {
}
