package com.cardplatform.card.cards.api;

import java.util.List;

/** A card's status history, newest first. */
public record StatusHistory(String cardId, List<StatusChangeView> statusHistory) {
}
