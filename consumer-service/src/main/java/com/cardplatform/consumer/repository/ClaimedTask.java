package com.cardplatform.consumer.repository;

import java.time.Instant;

/** An outbox row being attempted: {@code attempts} counts the attempt in progress. */
public record ClaimedTask(String operationId, String issuerId, String consumerId, String correlationId,
        int deletedAccounts, int attempts, Instant createdAt) {
}
