package com.cardplatform.primitives.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every time on the wire, in every API and event: RFC 3339 / ISO 8601, UTC, always three fraction digits
 * ({@code 2026-05-04T10:15:30.123Z}), and the times the services store, at that same precision, so that a stored
 * value reads back as it was shown. ({@link Instant#toString()} would drop the fraction when it is zero.)
 *
 * <p>{@link #format} and {@link #parse} write and read the common shapes by hand, falling back to {@code java.time}'s
 * formatters for the rest: every response and every event goes through them, and the formatters' generic machinery
 * was a third of what the event relay spent rendering an event (bench/results/notifications.md).
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

    /** Years 1970 to 9999 are written by hand; other instants by the formatter, which writes the same. */
    private static final long YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay() * 86_400;

    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return MILLIS.format(instant);
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
        int second = (int) (seconds % 86_400);
        char[] out = new char[24];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, second / 3600, 2);
        out[13] = ':';
        digits(out, 14, second / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, second % 60, 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    /**
     * An RFC 3339 date-time with its offset ({@code 2026-05-04T10:15:30.123Z}, or PostgreSQL's JSON text of a
     * {@code timestamptz}, {@code 2026-05-04T12:15:30.123456+02:00}) as an instant; what
     * {@code OffsetDateTime.parse(text).toInstant()} reads, and throws {@link java.time.format.DateTimeParseException}
     * for what it does not.
     */
    public static Instant parse(String text) {
        Instant instant = parseCommon(text);
        return instant != null ? instant : OffsetDateTime.parse(text).toInstant();
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}, or null for anything else (the formatter decides). */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offsetHours = number(s, i + 1, 2);
            int offsetMinutes = number(s, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos);
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1. */
    private static int number(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : MILLIS.format(time.toInstant());
    }
}
