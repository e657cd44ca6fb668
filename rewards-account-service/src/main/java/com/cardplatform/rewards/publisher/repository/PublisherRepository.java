package com.cardplatform.rewards.publisher.repository;

import com.cardplatform.rewards.publisher.Publisher;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishers, always read through their owner: another partner's publisher does not exist. */
@ApplicationScoped
public class PublisherRepository implements PanacheRepositoryBase<Publisher, String> {

    public Uni<Publisher> findOwned(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner).firstResult();
    }

    /** The caller's publisher with this external id (unique per owner), or null. */
    public Uni<Publisher> findByExternalId(String owner, String externalId) {
        return find("owner = ?1 and externalId = ?2", owner, externalId).firstResult();
    }
}
