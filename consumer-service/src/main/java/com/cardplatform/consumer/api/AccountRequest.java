package com.cardplatform.consumer.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account of a consumer being registered. */
@Schema(name = "Account")
public record AccountRequest(
        @Schema(description = "The issuer's identifier of the account.", example = "ACC-0001",
                pattern = Patterns.ID, required = true)
        @NotNull @Pattern(regexp = Patterns.ID)
        String accountId) {
}
