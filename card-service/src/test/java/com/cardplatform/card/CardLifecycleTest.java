package com.cardplatform.card;

import static com.cardplatform.card.cards.CardLifecycle.Decision.CHANGE;
import static com.cardplatform.card.cards.CardLifecycle.Decision.FORBIDDEN;
import static com.cardplatform.card.cards.CardLifecycle.Decision.NO_CHANGE;
import static com.cardplatform.card.cards.CardStatus.ACTIVE;
import static com.cardplatform.card.cards.CardStatus.BLOCKED;
import static com.cardplatform.card.cards.CardStatus.DELETED;
import static com.cardplatform.card.cards.CardStatus.LOST;
import static com.cardplatform.card.cards.CardStatus.STOLEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.card.cards.CardLifecycle;
import com.cardplatform.card.cards.CardLifecycle.Decision;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.DigitalCardStatus;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingEventStatus;
import com.cardplatform.card.tracking.TrackingType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card lifecycle and the tracking event table, exhaustively (pure rules, no application needed). */
class CardLifecycleTest {

    /** Every (from, to) pair: rows are "from", columns ACTIVE, BLOCKED, LOST, STOLEN, DELETED. */
    private static final Map<CardStatus, Decision[]> MATRIX = Map.of(
            ACTIVE, new Decision[] {NO_CHANGE, CHANGE, CHANGE, CHANGE, CHANGE},
            BLOCKED, new Decision[] {CHANGE, NO_CHANGE, CHANGE, CHANGE, CHANGE},
            LOST, new Decision[] {FORBIDDEN, FORBIDDEN, NO_CHANGE, FORBIDDEN, CHANGE},
            STOLEN, new Decision[] {FORBIDDEN, FORBIDDEN, FORBIDDEN, NO_CHANGE, CHANGE},
            DELETED, new Decision[] {FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NO_CHANGE});

    @Test
    void decidesEveryTransition() {
        for (Map.Entry<CardStatus, Decision[]> row : MATRIX.entrySet()) {
            for (CardStatus to : CardStatus.values()) {
                assertEquals(row.getValue()[to.ordinal()], CardLifecycle.decide(row.getKey(), "r", to, "r"),
                        row.getKey() + " -> " + to);
            }
        }
    }

    @Test
    void aNewReasonChangesOnlyATemporaryBlock() {
        assertEquals(CHANGE, CardLifecycle.decide(BLOCKED, "F:Y1", BLOCKED, "F:Y2"));
        assertEquals(NO_CHANGE, CardLifecycle.decide(BLOCKED, "F:Y1", BLOCKED, "F:Y1"));
        assertEquals(NO_CHANGE, CardLifecycle.decide(ACTIVE, "Y", ACTIVE, "unblocked by phone"));
        assertEquals(NO_CHANGE, CardLifecycle.decide(LOST, "L", LOST, "L:Y1"));
        assertEquals(NO_CHANGE, CardLifecycle.decide(DELETED, null, DELETED, "CONSUMER_DELETED"));
    }

    @Test
    void digitalCardsFollowTheirCard() {
        assertEquals(DigitalCardStatus.ACTIVE, ACTIVE.digitalCardStatus());
        assertEquals(DigitalCardStatus.SUSPENDED, BLOCKED.digitalCardStatus());
        assertEquals(DigitalCardStatus.DELETED, LOST.digitalCardStatus());
        assertEquals(DigitalCardStatus.DELETED, STOLEN.digitalCardStatus());
        assertEquals(DigitalCardStatus.DELETED, DELETED.digitalCardStatus());
    }

    @Test
    void trackingEventsConcernTheirTypesAndOnlyFinalOnesFinish() {
        for (TrackingEventStatus event : TrackingEventStatus.values()) {
            for (TrackingType type : TrackingType.values()) {
                TrackingEventStatus.Outcome outcome = event.outcomeFor(type);
                if (event.appliesTo(type) && event.isFinal()) {
                    assertEquals(true, outcome.status() != OperationStatus.PENDING, event + " " + type);
                } else {
                    assertEquals(OperationStatus.PENDING, outcome.status(), event + " " + type);
                }
            }
        }
        assertEquals(new TrackingEventStatus.Outcome(OperationStatus.SUCCESSFUL, "CARD_DELIVERED"),
                TrackingEventStatus.DELIVERED.outcomeFor(TrackingType.SHIPMENT));
        assertEquals(new TrackingEventStatus.Outcome(OperationStatus.SUCCESSFUL, "CARD_RETURNED"),
                TrackingEventStatus.DELIVERED.outcomeFor(TrackingType.RETURN));
        assertEquals(new TrackingEventStatus.Outcome(OperationStatus.FAILED, "CARD_RETURNED"),
                TrackingEventStatus.RETURNED_TO_SENDER.outcomeFor(TrackingType.SHIPMENT));
        assertEquals(true, TrackingEventStatus.IN_TRANSIT.rank() < TrackingEventStatus.OUT_FOR_DELIVERY.rank());
        assertEquals(true, TrackingEventStatus.OUT_FOR_DELIVERY.rank() < TrackingEventStatus.DELIVERED.rank());
    }
}
