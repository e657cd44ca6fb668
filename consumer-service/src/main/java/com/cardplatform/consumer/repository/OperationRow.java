package com.cardplatform.consumer.repository;

import java.time.OffsetDateTime;

/** An operation as read for the API (enums as their wire names, details as JSON text). */
public record OperationRow(String operationId, String operation, String status, OffsetDateTime startTime,
        OffsetDateTime endTime, String requestorType, String requestorId, String reason, String reasonCode,
        String details, String errorCode, String error) {
}
