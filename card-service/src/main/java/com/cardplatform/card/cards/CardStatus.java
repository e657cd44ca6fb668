package com.cardplatform.card.cards;

import java.util.EnumSet;
import java.util.Set;

/**
 * Status of a card. {@code BLOCKED} is temporary; {@code LOST}, {@code STOLEN} and {@code DELETED} are final
 * (a lost or stolen card can only be deleted, a deleted card never changes again).
 */
public enum CardStatus {
    ACTIVE,
    BLOCKED,
    LOST,
    STOLEN,
    DELETED;

    /** The statuses a card may move to from this one (same status excluded: that is a no-op, not a move). */
    public Set<CardStatus> successors() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(BLOCKED, LOST, STOLEN, DELETED);
            case BLOCKED -> EnumSet.of(ACTIVE, LOST, STOLEN, DELETED);
            case LOST, STOLEN -> EnumSet.of(DELETED);
            case DELETED -> EnumSet.noneOf(CardStatus.class);
        };
    }

    public boolean isFinal() {
        return this == LOST || this == STOLEN || this == DELETED;
    }

    /** What the card's digital cards become when the card enters this status. */
    public DigitalCardStatus digitalCardStatus() {
        return switch (this) {
            case ACTIVE -> DigitalCardStatus.ACTIVE;
            case BLOCKED -> DigitalCardStatus.SUSPENDED;
            case LOST, STOLEN, DELETED -> DigitalCardStatus.DELETED;
        };
    }
}
