package com.cardplatform.card.cards.api;

import java.util.List;

/** The digital cards of a card, oldest first. */
public record DigitalCardList(List<DigitalCardView> digitalCards) {
}
