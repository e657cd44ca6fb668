package com.cardplatform.card.cards.api;

import java.util.List;

/** A consumer's cards, oldest first (deleted ones included, with status DELETED). */
public record CardList(List<CardView> cards) {
}
