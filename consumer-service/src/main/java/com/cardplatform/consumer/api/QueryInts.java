package com.cardplatform.consumer.api;

import com.cardplatform.errors.ApiError;

/**
 * offset and limit arrive as text so that a non-number is FIELD_INVALID_FORMAT and a number out of range
 * FIELD_INVALID_VALUE, both naming the parameter (a JAX-RS Integer conversion failure would be a bare 404).
 * They are the last parameters, so checking them after Bean Validation keeps the first-field-in-error order.
 */
final class QueryInts {

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("^-?[0-9]{1,18}$");

    private QueryInts() {
    }

    static int parse(String name, String raw, int fallback, int min, int max) {
        if (raw == null) {
            return fallback;
        }
        if (!INTEGER.matcher(raw).matches()) {
            throw ApiError.invalidFormat(name, name + " must be an integer");
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            throw ApiError.invalidValue(name, name + " must be between " + min + " and " + max);
        }
        return (int) value;
    }
}
