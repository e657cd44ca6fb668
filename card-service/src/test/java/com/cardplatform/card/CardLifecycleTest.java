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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.cards.CardLifecycle;
import com.cardplatform.card.cards.CardLifecycle.Decision;
import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.DigitalCardStatus;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingEventStatus;
import com.cardplatform.card.tracking.TrackingEventStatus.Outcome;
import com.cardplatform.card.tracking.TrackingType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card lifecycle and the tracking state machine, exhaustively (pure rules, no application needed). */
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

    /**
     * Every (event, tracking type) pair, D1's "Tracking hub" guide: PRODUCTION has one outcome (SUCCESSFUL,
     * CARD_SHIPPED); SHIPMENT is SUCCESSFUL at every shipment update (CARD_RETURNED for a parcel returned to its
     * sender, never FAILED); RETURN has one outcome (SUCCESSFUL, CARD_RETURNED) and is pending until then.
     */
    @Test
    void theTrackingStateMachineOfD1ForEveryEventAndType() {
        Outcome shipped = new Outcome(OperationStatus.SUCCESSFUL, "CARD_SHIPPED", false);
        Outcome pending = new Outcome(OperationStatus.PENDING, null, false);
        Map<TrackingEventStatus, Outcome[]> table = Map.of(
                // PRODUCTION, SHIPMENT, RETURN
                TrackingEventStatus.IN_TRANSIT, new Outcome[] {null, shipped, pending},
                TrackingEventStatus.OUT_FOR_DELIVERY, new Outcome[] {null, shipped, pending},
                TrackingEventStatus.DELIVERED, new Outcome[] {null, shipped,
                        new Outcome(OperationStatus.SUCCESSFUL, "CARD_RETURNED", true)},
                TrackingEventStatus.RETURNED_TO_SENDER, new Outcome[] {null,
                        new Outcome(OperationStatus.SUCCESSFUL, "CARD_RETURNED", false), pending},
                TrackingEventStatus.LOST, new Outcome[] {null, shipped, pending},
                TrackingEventStatus.PRODUCED, new Outcome[] {
                        new Outcome(OperationStatus.SUCCESSFUL, "CARD_SHIPPED", true), null, null});
        assertEquals(TrackingEventStatus.values().length, table.size());
        for (TrackingEventStatus event : TrackingEventStatus.values()) {
            for (TrackingType type : TrackingType.values()) {
                assertEquals(table.get(event)[type.ordinal()], event.outcomeFor(type), event + " " + type);
            }
            // no update ever makes an operation FAILED
            for (TrackingType type : TrackingType.values()) {
                Outcome outcome = event.outcomeFor(type);
                assertNotEquals(OperationStatus.FAILED, outcome == null ? null : outcome.status(), event + " " + type);
            }
        }
        // a new operation: only a shipment has a result already (the card has shipped)
        assertNull(TrackingType.PRODUCTION.initialDetailsStatus());
        assertEquals("CARD_SHIPPED", TrackingType.SHIPMENT.initialDetailsStatus());
        assertNull(TrackingType.RETURN.initialDetailsStatus());
        // at the same time, the later step of a delivery wins
        assertTrue(TrackingEventStatus.IN_TRANSIT.rank() < TrackingEventStatus.OUT_FOR_DELIVERY.rank());
        assertTrue(TrackingEventStatus.OUT_FOR_DELIVERY.rank() < TrackingEventStatus.DELIVERED.rank());
    }
}
