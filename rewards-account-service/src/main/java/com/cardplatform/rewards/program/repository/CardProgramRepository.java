package com.cardplatform.rewards.program.repository;

import com.cardplatform.rewards.program.CardProgram;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Card programs, always read through their owner. */
@ApplicationScoped
public class CardProgramRepository implements PanacheRepositoryBase<CardProgram, String> {

    public Uni<CardProgram> findOwned(String id, String owner) {
        return find("id = ?1 and owner = ?2", id, owner).firstResult();
    }

    /** The caller's card program with this external id under this publisher (unique there), or null. */
    public Uni<CardProgram> findByExternalId(String owner, String publisherId, String externalId) {
        return find("owner = ?1 and publisherId = ?2 and externalId = ?3", owner, publisherId, externalId)
                .firstResult();
    }
}
