package com.cardplatform.rewards.account.repository;

import com.cardplatform.rewards.account.CardAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Card accounts, always read through their owner. */
@ApplicationScoped
public class CardAccountRepository implements PanacheRepositoryBase<CardAccount, String> {

    public Uni<CardAccount> findOwned(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner).firstResult();
    }

    /** The caller's card account with this external id in this card program (unique there), or null. */
    public Uni<CardAccount> findByExternalId(String owner, String cardProgramId, String externalId) {
        return find("owner = ?1 and cardProgramId = ?2 and externalId = ?3", owner, cardProgramId, externalId)
                .firstResult();
    }

    /** The row locked for the rest of the transaction: concurrent status changes are serialised. */
    public Uni<CardAccount> findOwnedForUpdate(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
