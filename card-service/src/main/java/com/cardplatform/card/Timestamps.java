package com.cardplatform.card;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Every time on the wire: ISO 8601, UTC, milliseconds ({@code 2026-05-04T10:15:30.123Z}). */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : FORMAT.format(time.toInstant());
    }
}
