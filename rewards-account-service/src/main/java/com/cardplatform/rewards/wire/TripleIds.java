package com.cardplatform.rewards.wire;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Triple ids ({@code triple-...}, at most 100 characters): {@code triple-} and 128 random bits in URL-safe base64
 * (29 characters). Unguessable, so that an id says nothing about other partners' entities.
 */
public final class TripleIds {

    public static final int MAX_LENGTH = 100;
    /** What this service ever generates; anything else cannot name an entity (404 without a query). */
    private static final Pattern WELL_FORMED = Pattern.compile("^triple-[A-Za-z0-9_-]{1,93}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TripleIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "triple-" + ENCODER.encodeToString(bytes);
    }

    public static boolean wellFormed(String id) {
        return id != null && id.length() <= MAX_LENGTH && WELL_FORMED.matcher(id).matches();
    }
}
