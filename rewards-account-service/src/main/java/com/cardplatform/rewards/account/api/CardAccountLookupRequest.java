package com.cardplatform.rewards.account.api;

import com.cardplatform.rewards.wire.ExternalId;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /partner/card-account.by-ids}: any combination of the three external ids (at least one). */
@Schema(name = "CardAccountExternalIds", example = CardAccountLookupRequest.EXAMPLE)
public record CardAccountLookupRequest(
        @JsonProperty("card_account_external_id") @ExternalId
        @Schema(description = "Partner-provided, external ID for a Card Account. Unique within its Card Program.",
                minLength = 1, maxLength = 255, pattern = "^(?!\\d{3}-\\d\\d-\\d{4}$)", example = "id-for-entity")
        String cardAccountExternalId,
        @JsonProperty("card_program_external_id") @ExternalId
        @Schema(description = "Partner-provided, external ID for a Card Program. Unique within its Publisher.",
                minLength = 1, maxLength = 255, pattern = "^(?!\\d{3}-\\d\\d-\\d{4}$)", example = "id-for-entity")
        String cardProgramExternalId,
        @JsonProperty("publisher_external_id") @ExternalId
        @Schema(description = "Partner-provided, external ID for a Publisher. Unique within its Portfolio Manager.",
                minLength = 1, maxLength = 255, pattern = "^(?!\\d{3}-\\d\\d-\\d{4}$)", example = "id-for-entity")
        String publisherExternalId) {

    public static final String EXAMPLE = "{\"card_account_external_id\":\"id-for-entity\","
            + "\"card_program_external_id\":\"id-for-entity\",\"publisher_external_id\":\"id-for-entity\"}";

    public boolean empty() {
        return cardAccountExternalId == null && cardProgramExternalId == null && publisherExternalId == null;
    }
}
