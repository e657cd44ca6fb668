package com.cardplatform.consumer.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** "Operation result information" of seed 001: the operation started and its status. */
@Schema(name = "OperationResult")
public record OperationResult(
        @Schema(description = "Unique identifier of the operation", example = "01J0ZK3V9W6Q8RXN2T5B7M4CDE",
                pattern = Patterns.ID)
        String operationId,
        @Schema(description = "Status of the operation", enumeration = {"PENDING", "SUCCESSFUL", "FAILED"},
                example = "SUCCESSFUL")
        String status) {
}
