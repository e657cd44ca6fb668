package com.cardplatform.rewards.account.api;

import com.cardplatform.rewards.account.CardAccountStatus;
import com.cardplatform.rewards.wire.Codes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PATCH /partner/card-accounts/{id}}: enroll, un-enroll, close, or move the defaults. Absent = unchanged. */
public record UpdateCardAccountRequest(
        @JsonProperty("status") CardAccountStatus status,
        @JsonProperty("default_country_code") @Pattern(regexp = Codes.COUNTRY) String defaultCountryCode,
        @JsonProperty("default_postal_code") @Size(min = 1, max = 15) @Pattern(regexp = Codes.POSTAL)
        String defaultPostalCode) {

    public boolean empty() {
        return status == null && defaultCountryCode == null && defaultPostalCode == null;
    }
}
