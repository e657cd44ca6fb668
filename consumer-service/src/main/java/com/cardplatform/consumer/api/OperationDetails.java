package com.cardplatform.consumer.api;

import com.cardplatform.consumer.repository.OperationRow;
import com.cardplatform.primitives.time.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * "Operation details related to a specific operationId" (seed 001). Absent optional fields are omitted;
 * {@code details} is JSON stored by the service and written out as it is.
 */
@Schema(name = "Operation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationDetails(
        @Schema(required = true, example = "01J0ZK3V9W6Q8RXN2T5B7M4CDE", pattern = Patterns.ID)
        String operationId,
        @Schema(required = true, enumeration = {"REGISTER", "SUSPEND", "RESUME", "DELETE"}, example = "DELETE")
        String operation,
        @Schema(required = true, enumeration = {"PENDING", "SUCCESSFUL", "FAILED"}, example = "SUCCESSFUL")
        String status,
        @Schema(required = true, description = "ISO 8601 UTC, milliseconds", example = "2022-06-16T06:28:02.492Z")
        String startTime,
        @Schema(description = "ISO 8601 UTC, milliseconds; absent while PENDING", example = "2022-06-16T06:28:32.492Z")
        String endTime,
        @Schema(required = true, enumeration = {"ISSUER", "USER", "CCI"}, example = "ISSUER")
        String requestorType,
        @Schema(required = true, description = "issuerId when requestorType is ISSUER", example = "ISSUER0001")
        String requestorId,
        @Schema(example = "customer was contacted on June 28", pattern = Patterns.REASON)
        String reason,
        @Schema(enumeration = {"USER_DECISION", "ISSUER_DECISION"}, example = "ISSUER_DECISION")
        String reasonCode,
        @Schema(description = "DELETE: what the cascade deleted", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                example = "{\"deletedAccounts\":2,\"deletedCards\":3,\"deletedDigitalCards\":1}")
        RawValue details,
        @Schema(description = "External error code, FAILED only", example = "CARD_CASCADE_UNAVAILABLE")
        String errorCode,
        @Schema(description = "Human readable error, FAILED only", maxLength = 256,
                example = "Cards and digital cards could not be deleted: card-service unavailable after 40 attempts, last failure: card-service answered HTTP 503")
        String error) {

    public static OperationDetails of(OperationRow row) {
        return new OperationDetails(row.operationId(), row.operation(), row.status(), format(row.startTime()),
                format(row.endTime()), row.requestorType(), row.requestorId(), row.reason(), row.reasonCode(),
                row.details() == null ? null : new RawValue(row.details()), row.errorCode(), row.error());
    }

    /** ISO 8601 in UTC with exactly three fraction digits: 2022-06-16T06:28:02.492Z. */
    public static String format(OffsetDateTime time) {
        return Timestamps.format(time);
    }
}
