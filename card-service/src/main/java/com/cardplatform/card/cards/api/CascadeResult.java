package com.cardplatform.card.cards.api;

/** What the consumer deletion cascade changed: zeros when there was nothing left to delete. */
public record CascadeResult(long deletedCards, long deletedDigitalCards) {
}
