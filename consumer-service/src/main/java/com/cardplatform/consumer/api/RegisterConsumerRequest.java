package com.cardplatform.consumer.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /issuers/{issuerId}/consumers}: a new consumer and its accounts (up to 20). The accounts
 * are checked by the resource after Bean Validation: the shared "first field in error" ordering compares the
 * property paths of nested beans as text, which would put {@code accounts[0].accountId} before
 * {@code consumerId}.
 */
@Schema(name = "RegisterConsumerRequest")
public record RegisterConsumerRequest(
        @Schema(description = "Unique identifier of the end user, chosen by the issuer.", example = "consumer-42",
                pattern = Patterns.ID, required = true)
        @NotNull @Pattern(regexp = Patterns.ID)
        String consumerId,
        @Schema(description = "Accounts owned by the consumer (0 to 20, distinct accountIds).")
        @Size(max = 20)
        List<AccountRequest> accounts) {

    public static final int MAX_ACCOUNTS = 20;
}
