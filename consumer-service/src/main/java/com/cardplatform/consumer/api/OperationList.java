package com.cardplatform.consumer.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The operations of a consumer, newest first, and how many are left after this page. */
@Schema(name = "OperationList")
public record OperationList(List<OperationDetails> operations,
        @Schema(description = "Operations after this page: total - offset - returned, never negative", example = "0")
        long remainingOperations) {
}
