package com.cardplatform.notify.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code PUT /internal/issuers/{issuerId}/notifications}: where and how D1 card operations reach the issuer. */
public record IssuerRequest(
        @NotBlank @Size(max = 2048) String baseUrl,
        @Size(max = 2048) String tokenUrl,
        @Size(max = 200) String clientId,
        @Size(max = 500) String clientSecret,
        @Size(max = 500) String scope,
        @Min(1) @Max(500) Integer maxOperations,
        Boolean enabled) {

    /** Never the client secret: a record's own toString would print it into any message that names the request. */
    @Override
    public String toString() {
        return "IssuerRequest[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "null" : "(hidden)") + ", scope=" + scope
                + ", maxOperations=" + maxOperations + ", enabled=" + enabled + "]";
    }
}
