package com.cardplatform.rewards.program.repository;

import com.cardplatform.rewards.events.TripleEvents;
import com.cardplatform.rewards.program.CardProgram;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Card programs, always read through their owner. */
@ApplicationScoped
public class CardProgramRepository implements PanacheRepositoryBase<CardProgram, String> {

    /* The card program and its card_program.created event: one statement, where persistAndFlush was one INSERT. */
    private static final String INSERT = TripleEvents.withEvent("INSERT INTO rewards.card_programs AS p "
            + "(id, owner, publisher_id, external_id, name, currency, default_country_code, default_postal_code, "
            + "created_at, updated_at) VALUES (:id, :owner, :publisherId, :externalId, :name, :currency, "
            + ":defaultCountryCode, :defaultPostalCode, :createdAt, :updatedAt)", "p", TripleEvents.CARD_PROGRAM_CREATED);

    /**
     * Inserts the card program with its event, now (a taken external id fails here, with the unique violation).
     * The entity is not managed by the session afterwards: nothing changes it later in the transaction.
     */
    public Uni<CardProgram> insertWithEvent(CardProgram p, String correlationId) {
        return getSession().chain(session -> TripleEvents.insert(session, INSERT, p, correlationId)
                        .setParameter("publisherId", p.publisherId)
                        .setParameter("name", p.name)
                        .setParameter("currency", p.currency)
                        .setParameter("defaultCountryCode", p.defaultCountryCode)
                        .setParameter("defaultPostalCode", p.defaultPostalCode)
                        .executeUpdate())
                .replaceWith(p);
    }

    public Uni<CardProgram> findOwned(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner).firstResult();
    }

    /** The caller's card program with this external id under this publisher (unique there), or null. */
    public Uni<CardProgram> findByExternalId(String owner, String publisherId, String externalId) {
        return find("owner = ?1 and publisherId = ?2 and externalId = ?3", owner, publisherId, externalId)
                .firstResult();
    }
}
