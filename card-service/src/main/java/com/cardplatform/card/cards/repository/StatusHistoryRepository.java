package com.cardplatform.card.cards.repository;

import com.cardplatform.card.cards.CardStatusChange;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads a card's status history (rows are written with the change itself, see {@link CardStatusRepository}). */
@ApplicationScoped
public class StatusHistoryRepository implements PanacheRepositoryBase<CardStatusChange, Long> {

    /** Newest first. */
    public Uni<List<CardStatusChange>> listByCard(String issuerId, String cardId) {
        return list("issuerId = ?1 and cardId = ?2", Sort.by("id", Sort.Direction.Descending), issuerId, cardId);
    }
}
