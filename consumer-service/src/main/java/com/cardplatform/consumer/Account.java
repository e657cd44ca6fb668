package com.cardplatform.consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account owned by a consumer; deleted with the consumer. */
@Entity
@Table(name = "accounts")
@IdClass(AccountKey.class)
public class Account {

    @Id
    @Column(name = "issuer_id")
    public String issuerId;

    @Id
    @Column(name = "consumer_id")
    public String consumerId;

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Account of(Consumer owner, String accountId, Instant now) {
        Account account = new Account();
        account.issuerId = owner.issuerId;
        account.consumerId = owner.consumerId;
        account.accountId = accountId;
        account.createdAt = now;
        return account;
    }
}
