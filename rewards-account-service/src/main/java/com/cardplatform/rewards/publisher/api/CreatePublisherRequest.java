package com.cardplatform.rewards.publisher.api;

import com.cardplatform.rewards.wire.ExternalId;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /partner/publishers}. */
public record CreatePublisherRequest(
        @JsonProperty("external_id") @NotNull @ExternalId String externalId,
        @JsonProperty("name") @NotBlank @Size(max = 255) @Pattern(regexp = "^\\P{Cntrl}*$", message = "must not contain control characters") String name) {
}
