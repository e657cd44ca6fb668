package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cardplatform.card.tracking.service.CarrierMessage;
import org.junit.jupiter.api.Test;

/** D1's "normalised carrier message for display", from what carriers actually send. */
class CarrierMessageTest {

    @Test
    void makesOneLineOfReadableText() {
        assertEquals("Arrived at the sort facility LEIPZIG - GERMANY",
                CarrierMessage.normalise("  Arrived at\tthe sort facility\r\n\n  LEIPZIG - GERMANY  "));
        assertEquals("Entregado", CarrierMessage.normalise("Entre\u200bgado\u202e"));
        assertEquals("Livré à Paris", CarrierMessage.normalise("Livre\u0301 a\u0300\u00a0Paris"));
        assertEquals("a b", CarrierMessage.normalise("a\u0000\u0007\u2028b"));
        assertEquals("x\uD83D\uDCE6", CarrierMessage.normalise("x\uD83D\uDCE6\uD800"));
    }

    @Test
    void blankIsNoMessage() {
        assertNull(CarrierMessage.normalise(null));
        assertNull(CarrierMessage.normalise(""));
        assertNull(CarrierMessage.normalise(" \t\r\n\u00a0\u3000\u200b\ufeff"));
    }

    @Test
    void keepsAtMostTheColumnsLengthInCharactersNotUtf16Units() {
        String parcels = "\uD83D\uDCE6".repeat(300);
        String kept = CarrierMessage.normalise(parcels);
        assertEquals(CarrierMessage.MAX_LENGTH, kept.codePointCount(0, kept.length()));
        assertEquals("\uD83D\uDCE6".repeat(CarrierMessage.MAX_LENGTH), kept);
        // cut at a space: no trailing blank
        assertEquals("a".repeat(255), CarrierMessage.normalise("a".repeat(255) + " " + "b".repeat(10)));
    }
}
