package com.cardplatform.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server playing notification-service ({@code POST /internal/events}) and auth-service's token
 * endpoint ({@code POST /oauth2/token}). It records what it receives; tests read and steer it over HTTP
 * ({@code /test/...}), which works whatever class loader the test runs in.
 */
public final class SinkReceiver {

    public static final String CLIENT_ID = "probe-service";
    public static final String CLIENT_SECRET = "probe-secret:with&reserved=chars";

    private final HttpServer server;
    private final JsonArray requests = new JsonArray();
    private final JsonArray tokenRequests = new JsonArray();
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final AtomicInteger issued = new AtomicInteger();
    /** Set by {@code /test/slow?ms=}: how long each intake request waits before it is answered. */
    private volatile long intakeDelayMillis;
    private final AtomicInteger intakeInFlight = new AtomicInteger();
    private final AtomicInteger intakeMostInFlight = new AtomicInteger();

    public SinkReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth2/token", this::token);
        server.createContext("/internal/events", this::events);
        server.createContext("/test/requests", exchange -> answer(exchange, 200, requests()));
        server.createContext("/test/token-requests", exchange -> answer(exchange, 200, tokenRequests()));
        server.createContext("/test/answer", this::enqueue);
        server.createContext("/test/slow", this::slow);
        server.createContext("/test/most-in-flight", exchange -> answer(exchange, 200,
                String.valueOf(intakeMostInFlight.get())));
        // a thread per request, as a real server: requests sent at once are handled at once
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private synchronized String requests() {
        return requests.encode();
    }

    private synchronized String tokenRequests() {
        return tokenRequests.encode();
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":"
                + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        boolean valid = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                && "client_credentials".equals(form.get("grant_type"));
        synchronized (this) {
            tokenRequests.add(new JsonObject().put("validClient", valid).put("grantType", form.get("grant_type"))
                    .put("scope", form.get("scope")));
        }
        if (!valid) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        answer(exchange, 200, new JsonObject().put("access_token", "token-" + issued.incrementAndGet())
                .put("token_type", "Bearer").put("expires_in", 300).encode());
    }

    private void events(HttpExchange exchange) throws IOException {
        int inFlight = intakeInFlight.incrementAndGet();
        intakeMostInFlight.accumulateAndGet(inFlight, Math::max);
        try {
            if (intakeDelayMillis > 0) {
                Thread.sleep(intakeDelayMillis);
            }
            intake(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            intakeInFlight.decrementAndGet();
        }
    }

    private void intake(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        synchronized (this) {
            Integer next = answers.poll();
            status = next == null ? 202 : next;
            requests.add(new JsonObject()
                    .put("method", exchange.getRequestMethod())
                    .put("authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                    .put("correlationId", exchange.getRequestHeaders().getFirst("x-correlation-id"))
                    .put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"))
                    .put("status", status)
                    .put("receivedAtMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime()))
                    .put("body", new JsonObject(body)));
        }
        int count = new JsonObject(body).getJsonArray("events").size();
        answer(exchange, status, status == 202
                ? new JsonObject().put("accepted", count).put("duplicates", 0).encode()
                : "{\"error\":\"failed on purpose\"}");
    }

    /** {@code POST /test/answer?status=500}: the next intake request is answered with that status. */
    private void enqueue(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        synchronized (this) {
            answers.add(Integer.parseInt(query.substring(query.indexOf('=') + 1)));
        }
        answer(exchange, 204, null);
    }

    /** {@code POST /test/slow?ms=300}: intake requests wait that long (0: none); the most in flight is counted anew. */
    private void slow(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        intakeDelayMillis = Long.parseLong(query.substring(query.indexOf('=') + 1));
        intakeMostInFlight.set(intakeInFlight.get());
        answer(exchange, 204, null);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
