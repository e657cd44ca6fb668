package com.cardplatform.consumer.repository;

import java.time.Instant;

/**
 * An outbox row being attempted: {@code attempts} counts the attempt in progress; {@code traceparent} is the W3C
 * trace context of the delete request (null when it had none), which the worker's attempts continue.
 */
public record ClaimedTask(String operationId, String issuerId, String consumerId, String correlationId,
        int deletedAccounts, int attempts, Instant createdAt, String traceparent) {
}
