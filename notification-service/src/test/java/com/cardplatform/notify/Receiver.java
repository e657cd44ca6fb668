package com.cardplatform.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A partner's (or issuer's) HTTP server, played by the JDK's own server: it records every request as received
 * (raw body bytes, headers) and answers what the test tells it to.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. Header names lower-case. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to answer: status and body. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Function<Request, Answer> answer = r -> new Answer(204, "");

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                    body);
            Answer a = answer.apply(request);
            requests.add(request);
            count.incrementAndGet();
            byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            if (out.length > 0) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            if (a.status() >= 300 && a.status() < 400) {
                exchange.getResponseHeaders().add("Location", "/redirected");
            }
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void answer(Function<Request, Answer> answer) {
        this.answer = answer;
    }

    public List<Request> requests(Predicate<Request> filter) {
        List<Request> list = new ArrayList<>();
        for (Request r : requests) {
            if (filter.test(r)) {
                list.add(r);
            }
        }
        return list;
    }

    public List<Request> requests() {
        return requests(r -> true);
    }

    /** Waits until {@code filter} matches at least {@code n} requests (the deliveries are asynchronous). */
    public List<Request> await(Predicate<Request> filter, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> found = requests(filter);
            if (found.size() >= n) {
                return found;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("expected " + n + " matching request(s), got " + requests(filter).size());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
