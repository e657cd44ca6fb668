package com.cardplatform.card.tracking.service;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * D1's {@code details.shipment.message} is "a normalised carrier message for display": carriers send free text
 * with line breaks, tabs, runs of spaces and invisible characters. Normalised here: Unicode NFC, format characters
 * (zero-width, bidi controls) and unpaired surrogates removed, every run of whitespace, separators and control
 * characters made one space, trimmed, at most {@value #MAX_LENGTH} characters; nothing left is no message.
 */
public final class CarrierMessage {

    /** Longest message kept (characters, that is code points; the column is {@code VARCHAR(256)}). */
    public static final int MAX_LENGTH = 256;

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\p{Cs}]+");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}\\p{Cc}]+");

    private CarrierMessage() {
    }

    public static String normalise(String message) {
        if (message == null) {
            return null;
        }
        String text = Normalizer.normalize(message, Normalizer.Form.NFC);
        text = INVISIBLE.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ").strip();
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH)).strip();
        }
        return text.isEmpty() ? null : text;
    }
}
