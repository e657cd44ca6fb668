package com.cardplatform.rewards.program.api;

import com.cardplatform.rewards.wire.Codes;
import com.cardplatform.rewards.wire.ExternalId;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /partner/card-programs}: a card program under one of the caller's publishers. */
public record CreateCardProgramRequest(
        @JsonProperty("publisher_id") @NotNull @Size(min = 1, max = 100) String publisherId,
        @JsonProperty("external_id") @NotNull @ExternalId String externalId,
        @JsonProperty("name") @NotBlank @Size(max = 255) @Pattern(regexp = "^\\P{Cntrl}*$", message = "must not contain control characters") String name,
        @JsonProperty("currency") @NotNull @Pattern(regexp = Codes.CURRENCY) String currency,
        @JsonProperty("default_country_code") @NotNull @Pattern(regexp = Codes.COUNTRY) String defaultCountryCode,
        @JsonProperty("default_postal_code") @NotNull @Size(min = 1, max = 15) @Pattern(regexp = Codes.POSTAL)
        String defaultPostalCode) {
}
