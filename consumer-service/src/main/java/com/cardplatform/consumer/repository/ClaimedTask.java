package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.CascadeTask;
import java.time.Instant;

/** An outbox row being attempted: {@code attempts} counts the attempt in progress. */
public record ClaimedTask(String operationId, String issuerId, String consumerId, String correlationId,
        int deletedAccounts, int attempts, Instant createdAt) {

    public static ClaimedTask of(CascadeTask task) {
        return new ClaimedTask(task.operationId, task.issuerId, task.consumerId, task.correlationId,
                task.deletedAccounts, task.attempts, task.createdAt);
    }
}
