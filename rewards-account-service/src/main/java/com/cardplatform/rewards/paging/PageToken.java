package com.cardplatform.rewards.paging;

import com.cardplatform.errors.ApiError;
import com.cardplatform.rewards.wire.TripleIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where the next page of a list starts: right after the row with this {@code (created_at, id)} in the list named
 * {@code list}. Sent to partners as {@code next_page_token}, opaque (URL-safe base64 of {@code list:micros:id}), and
 * received back as {@code page_token}. It carries no secret and needs none: every list is filtered by the caller,
 * so a forged token can only move the caller within its own rows.
 */
public record PageToken(String list, long createdAtMicros, String id) {

    /** A token is at most this long (a 100-character id makes about 170): longer input is refused unread. */
    public static final int MAX_LENGTH = 200;
    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final Pattern MICROS = Pattern.compile("^-?[0-9]{1,18}$");
    private static final Pattern ID = Pattern.compile("^\\P{Cntrl}{1," + TripleIds.MAX_LENGTH + "}$");

    public static PageToken after(String list, OffsetDateTime createdAt, String id) {
        Instant instant = createdAt.toInstant();
        return new PageToken(list, ChronoUnit.MICROS.between(Instant.EPOCH, instant), id);
    }

    public String encode() {
        String plain = list + ":" + createdAtMicros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The created_at of the row, at PostgreSQL's precision (microseconds). */
    public OffsetDateTime createdAt() {
        return Instant.EPOCH.plus(createdAtMicros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Reads a {@code page_token} given to the list {@code list}; anything else is a 400 naming the parameter. */
    public static PageToken decode(String list, String raw) {
        if (raw.length() > MAX_LENGTH || !BASE64URL.matcher(raw).matches()) {
            throw invalid();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(list) || !MICROS.matcher(parts[1]).matches()
                || !ID.matcher(parts[2]).matches()) {
            throw invalid();
        }
        long micros = Long.parseLong(parts[1]);
        // within what timestamptz holds, so that a forged value cannot reach PostgreSQL as an error (a 500)
        if (micros < MIN_MICROS || micros > MAX_MICROS) {
            throw invalid();
        }
        return new PageToken(list, micros, parts[2]);
    }

    /** Years 1 to 9999 (inside timestamptz's range): tokens only ever carry stored values, well inside it. */
    private static final long MIN_MICROS = -62_135_596_800_000_000L;
    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    private static ApiError invalid() {
        return ApiError.invalidValue(PageRequest.TOKEN,
                "is not a next_page_token of this list (send it back exactly as it was received)");
    }
}
