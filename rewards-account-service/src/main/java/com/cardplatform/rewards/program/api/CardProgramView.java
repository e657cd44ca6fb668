package com.cardplatform.rewards.program.api;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.program.CardProgram;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A card program as the API shows it. */
@JsonPropertyOrder(alphabetic = true)
public record CardProgramView(
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("currency") String currency,
        @JsonProperty("default_country_code") String defaultCountryCode,
        @JsonProperty("default_postal_code") String defaultPostalCode,
        @JsonProperty("external_id") String externalId,
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("publisher_id") String publisherId,
        @JsonProperty("updated_at") String updatedAt) {

    public static CardProgramView of(CardProgram p) {
        return new CardProgramView(Timestamps.format(p.createdAt), p.currency, p.defaultCountryCode,
                p.defaultPostalCode, p.externalId, p.id, p.name, p.publisherId, Timestamps.format(p.updatedAt));
    }
}
