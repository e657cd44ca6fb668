package com.cardplatform.primitives.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every time on the wire, in every API and event: RFC 3339 / ISO 8601, UTC, always three fraction digits
 * ({@code 2026-05-04T10:15:30.123Z}), and the times the services store, at that same precision, so that a stored
 * value reads back as it was shown. ({@link Instant#toString()} would drop the fraction when it is zero.)
 */
public final class Timestamps {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** Now, at the precision the APIs show. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Now, but strictly after {@code previous}: an update always moves its {@code updated_at}. */
    public static Instant after(Instant previous) {
        Instant now = now();
        return previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
    }

    public static String format(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : MILLIS.format(time.toInstant());
    }
}
