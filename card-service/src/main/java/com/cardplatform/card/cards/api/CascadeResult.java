package com.cardplatform.card.cards.api;

/** What the consumer deletion cascade deleted; a repeated call answers the same counts (zeros for a consumer without cards). */
public record CascadeResult(long deletedCards, long deletedDigitalCards) {
}
