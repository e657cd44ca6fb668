package com.cardplatform.card.cards.repository;

import com.cardplatform.card.cards.DigitalCard;
import com.cardplatform.card.cards.DigitalCardKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Digital cards, always looked up within one issuer. */
@ApplicationScoped
public class DigitalCardRepository implements PanacheRepositoryBase<DigitalCard, DigitalCardKey> {

    public Uni<List<DigitalCard>> listByCard(String issuerId, String cardId) {
        return list("issuerId = ?1 and cardId = ?2", Sort.by("createdAt").and("digitalCardId"), issuerId, cardId);
    }
}
