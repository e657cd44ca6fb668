package com.cardplatform.rewards.account.api;

import com.cardplatform.rewards.account.CardAccountStatus;
import com.cardplatform.rewards.wire.Codes;
import com.cardplatform.rewards.wire.ExternalId;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /partner/card-accounts}. The country and postal code default to the card program's; the status
 * defaults to ENROLLED (creating an account in a rewards program enrolls it unless said otherwise).
 */
public record CreateCardAccountRequest(
        @JsonProperty("card_program_id") @NotNull @Size(min = 1, max = 100) String cardProgramId,
        @JsonProperty("external_id") @NotNull @ExternalId String externalId,
        @JsonProperty("default_country_code") @Pattern(regexp = Codes.COUNTRY) String defaultCountryCode,
        @JsonProperty("default_postal_code") @Size(min = 1, max = 15) @Pattern(regexp = Codes.POSTAL)
        String defaultPostalCode,
        @JsonProperty("status") CardAccountStatus status) {
}
