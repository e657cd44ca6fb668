package com.cardplatform.card.cards;

import java.util.Objects;

/**
 * The one place that decides whether a card may change status. Pure: both the issuer's status endpoint, the
 * Citi card status API and the consumer deletion cascade ask it, so the rules cannot drift apart.
 */
public final class CardLifecycle {

    /** Outcome of a requested change. */
    public enum Decision {
        /** Already there (same status, and for a temporary block the same reason): nothing to write. */
        NO_CHANGE,
        CHANGE,
        FORBIDDEN
    }

    private CardLifecycle() {
    }

    public static Decision decide(CardStatus from, String fromReason, CardStatus to, String toReason) {
        if (from == to) {
            // a temporary block may change its reason; every other same-status request is a harmless repeat
            return from == CardStatus.BLOCKED && !Objects.equals(fromReason, toReason) ? Decision.CHANGE
                    : Decision.NO_CHANGE;
        }
        return from.successors().contains(to) ? Decision.CHANGE : Decision.FORBIDDEN;
    }
}
