package com.cardplatform.errors.dialect;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helper to build ordered JSON bodies without nulls. */
final class Bodies {
    private final Map<String, Object> map = new LinkedHashMap<>();

    static Bodies body() {
        return new Bodies();
    }

    Bodies put(String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
        return this;
    }

    Map<String, Object> build() {
        return map;
    }
}
