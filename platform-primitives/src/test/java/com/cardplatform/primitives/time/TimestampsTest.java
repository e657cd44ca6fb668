package com.cardplatform.primitives.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void alwaysUtcWithThreeFractionDigits() {
        assertEquals("2026-05-04T10:15:30.000Z", Timestamps.format(Instant.parse("2026-05-04T10:15:30Z")));
        assertEquals("2026-05-04T10:15:30.123Z", Timestamps.format(Instant.parse("2026-05-04T10:15:30.123456Z")));
        assertEquals("2026-05-04T08:15:30.120Z",
                Timestamps.format(OffsetDateTime.of(2026, 5, 4, 10, 15, 30, 120_000_000, ZoneOffset.ofHours(2))));
        assertNull(Timestamps.format((Instant) null));
        assertNull(Timestamps.format((OffsetDateTime) null));
    }

    @Test
    void nowIsInMillisAndAfterMovesForward() {
        Instant now = Timestamps.now();
        assertEquals(0, now.getNano() % 1_000_000);
        Instant future = now.plusSeconds(60);
        assertEquals(future.plusMillis(1), Timestamps.after(future));
        assertTrue(Timestamps.after(now.minusSeconds(60)).isAfter(now.minusSeconds(60)));
    }
}
