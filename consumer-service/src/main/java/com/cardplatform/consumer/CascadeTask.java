package com.cardplatform.consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of the cascade outbox: "delete this consumer's cards in card-service", written in the same transaction
 * as the delete. Workers claim, retry and complete it with SQL ({@code CascadeOutbox}).
 */
@Entity
@Table(name = "cascade_outbox")
public class CascadeTask {

    @Id
    @Column(name = "operation_id")
    public String operationId;

    @Column(name = "issuer_id")
    public String issuerId;

    @Column(name = "consumer_id")
    public String consumerId;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "deleted_accounts")
    public int deletedAccounts;

    @Column(name = "attempts")
    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    public static CascadeTask forDelete(Operation delete, int deletedAccounts, String correlationId, Instant now,
            Instant leaseUntil) {
        CascadeTask task = new CascadeTask();
        task.operationId = delete.operationId;
        task.issuerId = delete.issuerId;
        task.consumerId = delete.consumerId;
        task.correlationId = correlationId;
        task.deletedAccounts = deletedAccounts;
        // the immediate attempt is attempt 1; the lease keeps workers away while it runs
        task.attempts = 1;
        task.createdAt = now;
        task.nextAttemptAt = leaseUntil;
        return task;
    }
}
