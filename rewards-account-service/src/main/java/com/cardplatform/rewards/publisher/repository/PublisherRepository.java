package com.cardplatform.rewards.publisher.repository;

import com.cardplatform.rewards.events.TripleEvents;
import com.cardplatform.rewards.publisher.Publisher;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishers, always read through their owner: another partner's publisher does not exist. */
@ApplicationScoped
public class PublisherRepository implements PanacheRepositoryBase<Publisher, String> {

    /* The publisher and its publisher.created event: one statement, where persistAndFlush was one INSERT. */
    private static final String INSERT = TripleEvents.withEvent("INSERT INTO rewards.publishers AS p "
            + "(id, owner, external_id, name, created_at, updated_at) "
            + "VALUES (:id, :owner, :externalId, :name, :createdAt, :updatedAt)", "p", TripleEvents.PUBLISHER_CREATED);

    /**
     * Inserts the publisher with its event, now (a taken external id fails here, with the unique violation).
     * The entity is not managed by the session afterwards: nothing changes it later in the transaction.
     */
    public Uni<Publisher> insertWithEvent(Publisher p, String correlationId) {
        return getSession().chain(session -> TripleEvents.insert(session, INSERT, p, correlationId)
                        .setParameter("name", p.name)
                        .executeUpdate())
                .replaceWith(p);
    }

    public Uni<Publisher> findOwned(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner).firstResult();
    }

    /** The caller's publisher with this external id (unique per owner), or null. */
    public Uni<Publisher> findByExternalId(String owner, String externalId) {
        return find("owner = ?1 and externalId = ?2", owner, externalId).firstResult();
    }
}
