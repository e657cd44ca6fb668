package com.cardplatform.primitives.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;
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

    /** The hand-written paths against java.time's formatter and parser, on instants of every era and offset. */
    @Test
    void formatAndParseAgreeWithJavaTime() {
        DateTimeFormatter millis = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(20261205);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long seconds = i < 10_000 ? min + (long) (random.nextDouble() * (max - min))
                    : random.nextInt(4_200_000) * 1000L; // 1970-2103: the times the services write
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
            assertEquals(millis.format(instant), Timestamps.format(instant));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36 * 4 + 1) - 18 * 4) * 15 * 60);
            OffsetDateTime time = instant.atOffset(offset);
            for (String text : new String[] {time.toString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time),
                    time.truncatedTo(ChronoUnit.SECONDS).toString(), Timestamps.format(instant)}) {
                assertEquals(OffsetDateTime.parse(text).toInstant(), Timestamps.parse(text), text);
            }
        }
        assertEquals("1969-12-31T23:59:59.999Z", Timestamps.format(Instant.ofEpochMilli(-1)));
        assertEquals("+10000-01-01T00:00:00.000Z", Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")));
    }

    /** What PostgreSQL writes for a timestamptz in JSON, and what the parser refuses as java.time does. */
    @Test
    void parseReadsPostgresJsonAndRefusesWhatJavaTimeRefuses() {
        assertEquals(Instant.parse("2026-12-05T21:44:00.123456Z"), Timestamps.parse("2026-12-05T21:44:00.123456+00:00"));
        assertEquals(Instant.parse("2026-12-05T16:14:00Z"), Timestamps.parse("2026-12-05T21:44:00+05:30"));
        assertEquals(Instant.parse("2026-12-05T21:44:00Z"), Timestamps.parse("2026-12-05t21:44:00z"),
                "java.time reads either case; so does the fallback");
        for (String bad : new String[] {"2026-02-30T10:15:30Z", "2026-12-05T24:00:00Z", "2026-12-05T21:44:00",
                "2026-12-05T21:44:00.1234567890Z", "2026-12-05 21:44:00Z", "2026-12-05T21:44:00+19:00", ""}) {
            assertThrows(DateTimeParseException.class, () -> Timestamps.parse(bad), bad);
        }
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
