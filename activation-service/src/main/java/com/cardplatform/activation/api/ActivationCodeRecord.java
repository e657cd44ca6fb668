package com.cardplatform.activation.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented shape of one record, for the OpenAPI document only: the service reads bodies as JSON trees
 * ({@link ActivationRecordsReader}) to produce the seed's record-level messages.
 */
@Schema(name = "ActivationCodeRecord")
public record ActivationCodeRecord(
        @Schema(description = "Client program number: a JSON number or a string of at most 18 digits",
                example = "95000000", required = true) String quoteNumber,
        @Schema(description = "Proxy number of the card: a JSON number or a string of at most 19 digits",
                example = "6039530407033839166", required = true) String proxyNumber,
        @Schema(description = "Case-sensitive activation code", pattern = "[A-Za-z0-9]{4,16}", example = "123456",
                required = true, minLength = 4, maxLength = 16) String activationCode) {
}
