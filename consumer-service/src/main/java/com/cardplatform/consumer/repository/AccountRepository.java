package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.Account;
import com.cardplatform.consumer.AccountKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Accounts of consumers. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, AccountKey> {
}
