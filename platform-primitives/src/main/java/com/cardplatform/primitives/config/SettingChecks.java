package com.cardplatform.primitives.config;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The rules of settings that their types cannot say (a secret's length, a range, a URL's shape), checked by the
 * services at start. Each failure is an {@link IllegalStateException} that names the setting and the rule, never the
 * value, so that a secret cannot reach a log.
 *
 * <p>Why not Bean Validation constraints on the config mappings: one constrained mapping makes Quarkus build a
 * Hibernate Validator over the configuration at every start, 0.3 s of a service's start on two cores
 * (bench/results/startup.md).
 */
public final class SettingChecks {

    private SettingChecks() {
    }

    /** A secret of at least {@code minBytes} bytes in UTF-8; the message says which variable sets it. */
    public static String secretOfAtLeast(String property, String variable, String value, int minBytes) {
        if (value == null || value.getBytes(StandardCharsets.UTF_8).length < minBytes) {
            throw new IllegalStateException(property + " must be at least " + minBytes + " bytes (" + variable
                    + ", e.g. openssl rand -base64 48)");
        }
        return value;
    }

    /** A number of at least {@code min}. */
    public static long atLeast(String property, long value, long min) {
        if (value < min) {
            throw new IllegalStateException(property + " must be at least " + min);
        }
        return value;
    }

    /** A number from {@code min} to {@code max}. */
    public static long between(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalStateException(property + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** A value the whole of which matches {@code pattern}; {@code rule} says the rule in words. */
    public static String matching(String property, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalStateException(property + " must be " + rule);
        }
        return value;
    }
}
