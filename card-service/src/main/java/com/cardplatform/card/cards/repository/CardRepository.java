package com.cardplatform.card.cards.repository;

import com.cardplatform.card.cards.Card;
import com.cardplatform.card.cards.CardKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Cards, always looked up within one issuer. */
@ApplicationScoped
public class CardRepository implements PanacheRepositoryBase<Card, CardKey> {

    public Uni<Card> findCard(String issuerId, String cardId) {
        return findById(new CardKey(issuerId, cardId));
    }

    public Uni<List<Card>> listByConsumer(String issuerId, String consumerId) {
        return list("issuerId = ?1 and consumerId = ?2", Sort.by("createdAt").and("cardId"), issuerId, consumerId);
    }
}
