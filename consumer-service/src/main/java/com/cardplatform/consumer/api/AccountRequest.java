package com.cardplatform.consumer.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account of a consumer being registered: accountId follows the D1 id pattern {@code [A-Za-z0-9_-]{1,64}}. */
@Schema(name = "Account")
public record AccountRequest(
        @Schema(description = "The issuer's identifier of the account.", example = "ACC-0001",
                pattern = Patterns.ID, required = true)
        String accountId) {

    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(Patterns.ID);

    public boolean wellFormed() {
        return accountId != null && FORMAT.matcher(accountId).matches();
    }
}
