package com.cardplatform.consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** An end user (consumer) of a card issuer. A deleted consumer stays as a tombstone for ever. */
@Entity
@Table(name = "consumers")
@IdClass(ConsumerKey.class)
public class Consumer {

    @Id
    @Column(name = "issuer_id")
    public String issuerId;

    @Id
    @Column(name = "consumer_id")
    public String consumerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public ConsumerStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public static Consumer registered(String issuerId, String consumerId, Instant now) {
        Consumer consumer = new Consumer();
        consumer.issuerId = issuerId;
        consumer.consumerId = consumerId;
        consumer.status = ConsumerStatus.ACTIVE;
        consumer.createdAt = now;
        consumer.updatedAt = now;
        return consumer;
    }

    public boolean deleted() {
        return status == ConsumerStatus.DELETED;
    }

    public void moveTo(ConsumerStatus next, Instant now) {
        status = next;
        updatedAt = now;
        if (next == ConsumerStatus.DELETED) {
            deletedAt = now;
        }
    }
}
