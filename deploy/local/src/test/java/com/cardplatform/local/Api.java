package com.cardplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Calls to the shared stack: through the HTTPS front door (as partners) or to a service's own port (inside). */
final class Api {

    /**
     * Inside the "cluster": plain HTTP/1.1 to a service's port (as ingress-nginx talks to its upstreams). Not the JDK's
     * default HTTP/2, whose cleartext upgrade (h2c) once left a request hanging past its timeout here.
     */
    static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    /** A response: status, body and headers. */
    record Response(int status, String body, Map<String, List<String>> headers, long millis) {
        JsonNode json() {
            try {
                return SharedStack.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Through the front door. {@code body}: null, a String (sent as is) or an object (sent as JSON). */
    static Response call(String method, String path, String token, Object body, String... headers) {
        SharedStack shared = SharedStack.get();
        return send(shared.http(), shared.baseUrl() + path, method, token, body, headers);
    }

    /** To a service's own port, bypassing the front door (internal paths, OpenAPI, health). */
    static Response direct(String service, String method, String path, String token, Object body, String... headers) {
        return send(PLAIN, "http://127.0.0.1:" + SharedStack.get().port(service) + path, method, token, body, headers);
    }

    /** Through the front door, with a shorter request timeout (fault tests: a request must not wait for long). */
    static Response callWithin(Duration timeout, String method, String path, String token, Object body, String... headers) {
        SharedStack shared = SharedStack.get();
        return send(shared.http(), timeout, shared.baseUrl() + path, method, token, body, headers);
    }

    static Response send(HttpClient client, String url, String method, String token, Object body, String... headers) {
        return send(client, Duration.ofSeconds(60), url, method, token, body, headers);
    }

    static Response send(HttpClient client, Duration timeout, String url, String method, String token, Object body,
            String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        boolean contentType = false;
        boolean accept = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!accept) {
            builder.header("Accept", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : body instanceof byte[] b ? b : SharedStack.JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!contentType) {
                builder.header("Content-Type", "application/json");
            }
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
