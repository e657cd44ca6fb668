package com.cardplatform.primitives.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LuhnTest {

    @Test
    void knownNumbers() {
        assertTrue(Luhn.valid("4111111111111111"));
        assertTrue(Luhn.valid("79927398713"));
        assertFalse(Luhn.valid("4111111111111112"));
        assertFalse(Luhn.valid("79927398710"));
    }

    @Test
    void theCheckDigitMakesEveryNumberPass() {
        assertEquals(3, Luhn.checkDigit("7992739871"));
        assertEquals("4111111111111111", Luhn.withCheckDigit("411111111111111"));
        for (long n = 400_000_000_000_000L; n < 400_000_000_001_000L; n++) {
            String pan = Luhn.withCheckDigit(Long.toString(n));
            assertTrue(Luhn.valid(pan), pan);
            String wrong = pan.substring(0, 15) + (pan.charAt(15) - '0' + 1) % 10;
            assertFalse(Luhn.valid(wrong), wrong);
        }
    }
}
