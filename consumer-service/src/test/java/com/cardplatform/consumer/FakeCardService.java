package com.cardplatform.consumer;

import com.cardplatform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server in the test JVM standing in for card-service and for auth-service's token endpoint: the
 * application under test (in this JVM or packaged in another process) reaches it over localhost. It really
 * deletes (a map of cards per consumer, so a second call answers zeros, as card-service's idempotent endpoint
 * does), checks the bearer token it issued, records every call, and can be told to fail, to be slow, or to stop.
 */
public final class FakeCardService {

    public static final String CLIENT_ID = "consumer-service-test";
    public static final String CLIENT_SECRET = "fake-client-secret-0123456789abcdefghijklmnopqrstuv";

    private static final Pattern DELETE_PATH =
            Pattern.compile("^/internal/issuers/([^/]+)/consumers/([^/]+)/cards$");
    private static FakeCardService instance;

    /** One call of the internal DELETE as the fake received it. */
    public record Call(String issuerId, String consumerId, String authorization, String correlationId, int status,
            long deletedCards, long deletedDigitalCards, String traceparent) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private HttpServer server;

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Map<String, long[]> cards = new ConcurrentHashMap<>();
    private final Map<String, int[]> failuresFor = new ConcurrentHashMap<>();
    private volatile int failAllWith;
    private volatile long delayMillis;
    private volatile String currentToken = newToken();

    private FakeCardService(int port) {
        this.port = port;
    }

    public static synchronized FakeCardService get() {
        if (instance == null) {
            instance = new FakeCardService(freePort());
            instance.start();
        }
        return instance;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public String tokenUrl() {
        return url() + "/oauth2/token";
    }

    // ---- control --------------------------------------------------------------------------------------------

    /** Healthy, fast, running. Recorded calls are kept (tests filter by their own consumer ids). */
    public synchronized void healthy() {
        failuresFor.clear();
        failAllWith = 0;
        delayMillis = 0;
        if (server == null) {
            start();
        }
    }

    /**
     * The next {@code n} DELETE calls for this consumer answer {@code status} (per consumer, so that late calls of
     * an earlier test cannot use them up).
     */
    public void failNext(String consumerId, int n, int status) {
        failuresFor.put(consumerId, new int[] {n, status});
    }

    /** Every DELETE call answers {@code status} until {@link #healthy()}. */
    public void failAlways(int status) {
        failAllWith = status;
    }

    public void slow(long millis) {
        delayMillis = millis;
    }

    /** Tokens issued so far stop being accepted (as after a key rotation): 401 until a new one is fetched. */
    public void rotateToken() {
        currentToken = newToken();
    }

    public synchronized void stop() {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    public synchronized void start() {
        if (server == null) {
            server = await(vertx.createHttpServer().requestHandler(this::handle).listen(port, "localhost"));
        }
    }

    /** Cards and digital cards that card-service holds for a consumer. */
    public void seedCards(String issuerId, String consumerId, long cardCount, long digitalCardCount) {
        cards.put(issuerId + "/" + consumerId, new long[] {cardCount, digitalCardCount});
    }

    public boolean hasCards(String issuerId, String consumerId) {
        return cards.containsKey(issuerId + "/" + consumerId);
    }

    public List<Call> callsFor(String issuerId, String consumerId) {
        return calls.stream().filter(c -> c.issuerId().equals(issuerId) && c.consumerId().equals(consumerId)).toList();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    private void handle(HttpServerRequest request) {
        if (delayMillis > 0 && request.path().startsWith("/internal/")) {
            vertx.setTimer(delayMillis, t -> dispatch(request));
        } else {
            dispatch(request);
        }
    }

    private void dispatch(HttpServerRequest request) {
        Matcher delete = DELETE_PATH.matcher(request.path());
        if ("POST".equals(request.method().name()) && "/oauth2/token".equals(request.path())) {
            request.body().onSuccess(body -> token(request, body.toString(StandardCharsets.UTF_8)));
        } else if ("DELETE".equals(request.method().name()) && delete.matches()) {
            deleteCards(request, delete.group(1), delete.group(2));
        } else {
            json(request, 404, "{}");
        }
    }

    private void token(HttpServerRequest request, String form) {
        tokenRequests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new ConcurrentHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        if (!expected.equals(request.getHeader("Authorization"))) {
            json(request, 401, "{\"error\":\"invalid_client\"}");
        } else if (!"client_credentials".equals(fields.get("grant_type"))
                || !"cards:internal".equals(fields.get("scope"))) {
            json(request, 400, "{\"error\":\"invalid_request\"}");
        } else {
            json(request, 200, "{\"access_token\":\"" + currentToken + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":900,\"scope\":\"cards:internal\"}");
        }
    }

    private void deleteCards(HttpServerRequest request, String issuerId, String consumerId) {
        String authorization = request.getHeader("Authorization");
        String correlationId = request.getHeader("x-correlation-id");
        String traceparent = request.getHeader("traceparent");
        if (!("Bearer " + currentToken).equals(authorization)) {
            calls.add(new Call(issuerId, consumerId, authorization, correlationId, 401, 0, 0, traceparent));
            json(request, 401, "{\"errorCode\":\"AUTHORIZER_UNAUTHORIZED\",\"error\":\"Access token not valid\"}");
            return;
        }
        int status = failureFor(consumerId);
        if (status != 0) {
            calls.add(new Call(issuerId, consumerId, authorization, correlationId, status, 0, 0, traceparent));
            json(request, status, status == 400 ? "{\"errorCode\":\"FIELD_INVALID_FORMAT\",\"error\":\"consumerId\"}"
                    : "{}");
            return;
        }
        long[] removed = cards.remove(issuerId + "/" + consumerId);
        long deletedCards = removed == null ? 0 : removed[0];
        long deletedDigital = removed == null ? 0 : removed[1];
        calls.add(new Call(issuerId, consumerId, authorization, correlationId, 200, deletedCards, deletedDigital,
                traceparent));
        json(request, 200, "{\"deletedCards\":" + deletedCards + ",\"deletedDigitalCards\":" + deletedDigital + "}");
    }

    private int failureFor(String consumerId) {
        if (failAllWith != 0) {
            return failAllWith;
        }
        int[] failure = failuresFor.get(consumerId);
        if (failure == null) {
            return 0;
        }
        synchronized (failure) {
            if (failure[0] <= 0) {
                return 0;
            }
            failure[0]--;
            return failure[1];
        }
    }

    private static void json(HttpServerRequest request, int status, String body) {
        if (request.response().closed()) {
            return;
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static String newToken() {
        return TestTokens.partnerToken("consumer-service", "cards:internal");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake card-service: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
