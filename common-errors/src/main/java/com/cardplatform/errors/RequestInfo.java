package com.cardplatform.errors;

import java.util.function.UnaryOperator;

/** What a renderer may know of the request: its method, path, a header lookup and the correlation id. */
public record RequestInfo(String method, String path, UnaryOperator<String> headers, String correlationId) {

    public static RequestInfo of(String method, String path) {
        return new RequestInfo(method, path, name -> null, null);
    }

    public String header(String name) {
        return headers.apply(name);
    }
}
