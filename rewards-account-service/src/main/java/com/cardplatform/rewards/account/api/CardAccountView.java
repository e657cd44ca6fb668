package com.cardplatform.rewards.account.api;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.account.CardAccount;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Seed 004's CardAccount, in the seed's field order. The one shape of {@code GET /partner/card-accounts/{id}},
 * {@code PATCH}, {@code POST /partner/card-accounts} and {@code POST /partner/card-account.by-ids}.
 */
@JsonPropertyOrder(alphabetic = true)
@Schema(name = "CardAccount", example = CardAccountView.EXAMPLE)
public record CardAccountView(
        @JsonProperty("card_program_id") @Schema(description = "The triple-defined ID of its card program.", maxLength = 100, example = "triple-abc-123")
        String cardProgramId,
        @JsonProperty("created_at") @Schema(description = "RFC 3339 date time used for creation and mod times", example = "2021-12-01T01:59:59.000Z")
        String createdAt,
        @JsonProperty("default_country_code") @Schema(description = "2-letter ISO-3166 country code", pattern = "^[A-Z]{2}$", example = "US")
        String defaultCountryCode,
        @JsonProperty("default_postal_code") @Schema(description = "ZIP Code, ZIP+4, or postal code", minLength = 1, maxLength = 15, example = "15206")
        String defaultPostalCode,
        @JsonProperty("external_id") @Schema(description = "Partner-provided, external ID for a Card Account.", minLength = 1, maxLength = 255, example = "id-for-entity")
        String externalId,
        @JsonProperty("id") @Schema(description = "The triple-defined ID for the entity.", minLength = 1, maxLength = 100, example = "triple-abc-123")
        String id,
        @JsonProperty("status") @Schema(enumeration = {"ENROLLED", "NOT_ENROLLED", "CLOSED"}, example = "ENROLLED")
        String status,
        @JsonProperty("updated_at") @Schema(description = "RFC 3339 date time used for creation and mod times", example = "2021-12-01T01:59:59.000Z")
        String updatedAt) {

    public static final String EXAMPLE = "{\"card_program_id\":\"triple-abc-123\",\"created_at\":\"2021-12-01T01:59:59.000Z\","
            + "\"default_country_code\":\"US\",\"default_postal_code\":\"15206\",\"external_id\":\"id-for-entity\","
            + "\"id\":\"triple-abc-123\",\"status\":\"ENROLLED\",\"updated_at\":\"2021-12-01T01:59:59.000Z\"}";

    public static CardAccountView of(CardAccount a) {
        return new CardAccountView(a.cardProgramId, Timestamps.format(a.createdAt), a.defaultCountryCode,
                a.defaultPostalCode, a.externalId, a.id, a.status.name(), Timestamps.format(a.updatedAt));
    }
}
