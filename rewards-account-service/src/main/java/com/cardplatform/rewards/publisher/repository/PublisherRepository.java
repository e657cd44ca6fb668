package com.cardplatform.rewards.publisher.repository;

import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import com.cardplatform.rewards.events.TripleEvents;
import com.cardplatform.rewards.publisher.Publisher;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/** Publishers, always read through their owner: another partner's publisher does not exist. */
@ApplicationScoped
public class PublisherRepository implements PanacheRepositoryBase<Publisher, String> {

    /* The publisher and its publisher.created event: one statement, where persistAndFlush was one INSERT. */
    private static final String INSERT = TripleEvents.withEvent("INSERT INTO rewards.publishers AS p "
            + "(id, owner, external_id, name, created_at, updated_at) "
            + "VALUES (:id, :owner, :externalId, :name, :createdAt, :updatedAt)", "p", TripleEvents.PUBLISHER_CREATED);

    /*
     * The same with the request's Idempotency-Key kept by the statement (partner-guard's KeyInTheWrite): the key's row
     * first (the publisher is selected from it), so that a key already used fails the statement before a taken
     * external id could, and the repetition is answered from the key.
     */
    private static final String INSERT_KEYED = TripleEvents.withEvent(KeyInTheWrite.namedCte("rewards"),
            "INSERT INTO rewards.publishers AS p (id, owner, external_id, name, created_at, updated_at) "
            // typed: parameters in a SELECT list get no type from the target columns, as those of VALUES do
            + "SELECT CAST(:id AS varchar), CAST(:owner AS varchar), CAST(:externalId AS varchar),"
            + " CAST(:name AS varchar), CAST(:createdAt AS timestamptz), CAST(:updatedAt AS timestamptz) FROM kept_key",
            "p",
            TripleEvents.PUBLISHER_CREATED);

    /**
     * Inserts the publisher with its event, now (a taken external id fails here, with the unique violation), and the
     * request's key when it has one. The entity is not managed by the session afterwards: nothing changes it later in
     * the transaction.
     */
    public Uni<Publisher> insertWithEvent(Publisher p, String correlationId, KeyRow key) {
        return key.keptWith(getSession().chain(session -> {
                    Mutiny.Query<Object> insert = TripleEvents.insert(session, key.present() ? INSERT_KEYED : INSERT,
                            p, correlationId).setParameter("name", p.name);
                    if (key.present()) {
                        key.namedValues().forEach(insert::setParameter);
                    }
                    return insert.executeUpdate();
                }))
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
