package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.Account;
import com.cardplatform.consumer.AccountKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Accounts of consumers. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, AccountKey> {

    /** One DELETE statement for all the accounts of a consumer; the number of rows deleted. */
    public Uni<Long> deleteOwnedBy(String issuerId, String consumerId) {
        return delete("issuerId = ?1 and consumerId = ?2", issuerId, consumerId);
    }
}
