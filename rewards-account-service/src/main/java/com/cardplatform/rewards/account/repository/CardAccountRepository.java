package com.cardplatform.rewards.account.repository;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.rewards.account.CardAccount;
import com.cardplatform.rewards.events.TripleEvents;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Card accounts, always read through their owner. */
@ApplicationScoped
public class CardAccountRepository implements PanacheRepositoryBase<CardAccount, String> {

    /* The card account and its card_account.created event: one statement, where persistAndFlush was one INSERT. */
    private static final String INSERT = TripleEvents.withEvent("INSERT INTO rewards.card_accounts AS a "
            + "(id, owner, card_program_id, external_id, status, default_country_code, default_postal_code, "
            + "created_at, updated_at) VALUES (:id, :owner, :cardProgramId, :externalId, :status, "
            + ":defaultCountryCode, :defaultPostalCode, :createdAt, :updatedAt)", "a", TripleEvents.CARD_ACCOUNT_CREATED);

    /*
     * A change of the card account and its card_account.updated event: one statement, where the flush of the
     * changed entity was one UPDATE. The row is already locked by findOwnedForUpdate.
     */
    private static final String UPDATE = TripleEvents.withEvent("UPDATE rewards.card_accounts AS a "
            + "SET status = :status, default_country_code = :defaultCountryCode, "
            + "default_postal_code = :defaultPostalCode, updated_at = :updatedAt WHERE a.id = :id", "a",
            TripleEvents.CARD_ACCOUNT_UPDATED);

    /**
     * Inserts the card account with its event, now (a taken external id fails here, with the unique violation).
     * The entity is not managed by the session afterwards: nothing changes it later in the transaction.
     */
    public Uni<CardAccount> insertWithEvent(CardAccount a, String correlationId) {
        return getSession().chain(session -> TripleEvents.insert(session, INSERT, a, correlationId)
                        .setParameter("cardProgramId", a.cardProgramId)
                        .setParameter("status", a.status.name())
                        .setParameter("defaultCountryCode", a.defaultCountryCode)
                        .setParameter("defaultPostalCode", a.defaultPostalCode)
                        .executeUpdate())
                .replaceWith(a);
    }

    /**
     * Writes the values of {@code a} (locked, then detached from the session by the caller so that Hibernate does
     * not write them a second time) with its event.
     */
    public Uni<CardAccount> updateWithEvent(CardAccount a, String correlationId) {
        return getSession().chain(session -> session.createNativeQuery(UPDATE)
                        .setParameter("id", a.id)
                        .setParameter("status", a.status.name())
                        .setParameter("defaultCountryCode", a.defaultCountryCode)
                        .setParameter("defaultPostalCode", a.defaultPostalCode)
                        .setParameter("updatedAt", TripleEvents.utc(a.updatedAt))
                        .setParameter("correlationId", correlationId)
                        .setParameter("traceparent", Traceparent.current())
                        .executeUpdate())
                .replaceWith(a);
    }

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
