package com.cardplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A partner's HTTP server on this machine, as notification-service sees one: it records every request it gets (path,
 * headers, the raw body, when) and answers with the status the test sets (e.g. 503 while "down"), optionally after a
 * delay (so that deliveries are in flight when a test kills a replica). Also serves an issuer's OAuth token endpoint
 * ({@code POST /oauth/token}) that hands out {@link #ISSUER_TOKEN}.
 */
final class PartnerReceiver implements AutoCloseable {

    /** The access token the issuer's own token endpoint gives the platform. */
    static final String ISSUER_TOKEN = "issuer-side-token-" + Long.toHexString(System.nanoTime());

    /** One request as it arrived. */
    record Received(String method, String path, Map<String, List<String>> headers, String body, long atMillis,
            int answered) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return SharedStack.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private final AtomicLong delayMillis = new AtomicLong();

    PartnerReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The status every following request gets (204: up; 503: down). */
    void answer(int status) {
        this.status.set(status);
    }

    void delay(Duration delay) {
        delayMillis.set(delay.toMillis());
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/oauth/token")) {
                received.add(new Received(exchange.getRequestMethod(), path, headers,
                        new String(body, StandardCharsets.UTF_8), System.currentTimeMillis(), 200));
                byte[] answer = ("{\"access_token\":\"" + ISSUER_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            long delay = delayMillis.get();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int answered = status.get();
            received.add(new Received(exchange.getRequestMethod(), path, headers,
                    new String(body, StandardCharsets.UTF_8), System.currentTimeMillis(), answered));
            byte[] answer = answered >= 400 ? "receiver down for the test".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(answered, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
