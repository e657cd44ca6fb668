package com.cardplatform.consumer.api;

import com.cardplatform.consumer.ReasonCode;
import com.cardplatform.errors.ApiError;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code operations:delete}, {@code operations:suspend} and {@code operations:resume}; optional as a
 * whole. Field order is the order in which the first field in error is reported.
 */
@Schema(name = "OperationRequest")
public record OperationRequest(
        @Schema(description = "The reason why the action is performed; returned in the operations list.",
                example = "customer was contacted on June 28", pattern = Patterns.REASON, maxLength = 64)
        @Pattern(regexp = Patterns.REASON)
        String reason,
        @Schema(description = "USER_DECISION or ISSUER_DECISION; ISSUER_DECISION when absent.",
                enumeration = {"USER_DECISION", "ISSUER_DECISION"}, example = "ISSUER_DECISION")
        String reasonCode) {

    public static final OperationRequest NONE = new OperationRequest(null, null);

    /**
     * The reason code, ISSUER_DECISION when absent. An unknown value is FIELD_INVALID_VALUE: the shared
     * validation classifier would call a Pattern violation a format error, and reasonCode is the last field of
     * the last parameter, so checking it after Bean Validation keeps the "first field in error" order.
     */
    public ReasonCode reasonCodeOrDefault() {
        if (reasonCode == null) {
            return ReasonCode.ISSUER_DECISION;
        }
        ReasonCode code = ReasonCode.parse(reasonCode);
        if (code == null) {
            throw ApiError.invalidValue("reasonCode", "reasonCode must be USER_DECISION or ISSUER_DECISION");
        }
        return code;
    }
}
