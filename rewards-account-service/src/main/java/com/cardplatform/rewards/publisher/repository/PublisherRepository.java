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
}
