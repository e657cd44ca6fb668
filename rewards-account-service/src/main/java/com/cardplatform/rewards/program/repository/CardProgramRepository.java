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
}
