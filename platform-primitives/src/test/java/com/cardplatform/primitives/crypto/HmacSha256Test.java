package com.cardplatform.primitives.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    /** RFC 4231, test case 2. */
    private static final String JEFE = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    private final HmacSha256 hmac = new HmacSha256("Jefe");

    @Test
    void hexIsTheRfcVector() {
        assertEquals(JEFE, hmac.hex("what do ya want for nothing?"));
    }

    @Test
    void macFedInPartsSignsTheSame() {
        Mac mac = hmac.mac();
        mac.update("what do ya ".getBytes(StandardCharsets.UTF_8));
        mac.update("want for nothing?".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(hmac.sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)), mac.doFinal());
    }

    @Test
    void matchesOnlyItsOwnDigest() {
        assertTrue(hmac.matchesHex("what do ya want for nothing?", JEFE));
        assertFalse(hmac.matchesHex("what do ya want for nothing!", JEFE));
        assertFalse(new HmacSha256("other").matchesHex("what do ya want for nothing?", JEFE));
        assertFalse(hmac.matchesHex(null, JEFE));
        assertFalse(hmac.matchesHex("what do ya want for nothing?", null));
    }
}
