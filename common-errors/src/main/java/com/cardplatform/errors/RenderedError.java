package com.cardplatform.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Status, extra headers and JSON body (an ordered map, so field order is that of the documents). */
public record RenderedError(int status, Map<String, String> headers, Map<String, Object> body) {

    public static RenderedError of(int status, Map<String, Object> body) {
        return new RenderedError(status, new LinkedHashMap<>(), body);
    }

    public RenderedError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
