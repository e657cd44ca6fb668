package com.cardplatform.consumer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 section 5.1 token response (only what the client needs). */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenEndpointResponse(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn) {

    @Override
    public String toString() {
        // never print the token
        return "TokenEndpointResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
    }
}
