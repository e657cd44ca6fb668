package com.cardplatform.local;

import com.cardplatform.local.RouteTable.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local HTTPS front door: the same routes, body-size limits and per-client rate limits as the Kubernetes
 * Ingress (it reads it, see {@link RouteTable}), forwarding with Vert.x's reverse proxy ({@code vertx-http-proxy})
 * to the services on localhost, with the headers ingress-nginx adds (X-Forwarded-*, X-Real-IP, X-Request-ID).
 * Refusals are neutral JSON: 404 for a path no API serves ({@code /internal/...} and {@code /q/...} included),
 * 400 for a path not in normal form, 413 above the API's body limit, 429 above its rate or connection limit,
 * 503 when the API's service is not part of this (partial) stack.
 */
public final class FrontDoor {

    /** Where the front door finds each Service of the Ingress backends: its name and local port. */
    public record Backend(String host, int port) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final RouteTable routes;
    private final Map<String, BackendPool> pools;
    private final HttpClient client;
    private final boolean rateLimits;
    private final Map<String, HttpProxy> proxies = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private HttpServer server;

    public FrontDoor(Vertx vertx, RouteTable routes, Map<String, Backend> backends) {
        this(vertx, routes, backends, true);
    }

    /** {@code rateLimits} false: no limit-rps / limit-connections (load tests from one address); body limits stay. */
    public FrontDoor(Vertx vertx, RouteTable routes, Map<String, Backend> backends, boolean rateLimits) {
        this(rateLimits, vertx, routes, singles(backends));
    }

    /** The same, with the replicas of each service (round robin over those in rotation, see {@link BackendPool}). */
    public static FrontDoor withReplicas(Vertx vertx, RouteTable routes, Map<String, BackendPool> pools, boolean rateLimits) {
        return new FrontDoor(rateLimits, vertx, routes, pools);
    }

    private static Map<String, BackendPool> singles(Map<String, Backend> backends) {
        Map<String, BackendPool> pools = new java.util.LinkedHashMap<>();
        backends.forEach((service, backend) -> pools.put(service, BackendPool.single(service, backend)));
        return pools;
    }

    private FrontDoor(boolean rateLimits, Vertx vertx, RouteTable routes, Map<String, BackendPool> pools) {
        this.vertx = vertx;
        this.rateLimits = rateLimits;
        this.routes = routes;
        this.pools = Map.copyOf(pools);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setConnectTimeout(5_000));
    }

    /** Starts listening with TLS (PKCS#12 key store). */
    public Future<HttpServer> listen(String host, int port, Path keyStore, String password) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(password))
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setCompressionSupported(false);
        return vertx.createHttpServer(options)
                .requestHandler(this::handle)
                .listen()
                .onSuccess(s -> this.server = s);
    }

    /** Stops listening and closes the connections to the services. */
    public Future<Void> close() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> client.close());
    }

    /** The route a request path takes, or empty when the front door refuses it (same decision as handle()). */
    public Optional<Route> route(String rawPath) {
        return RequestPaths.matchable(rawPath).flatMap(routes::match);
    }

    void handle(HttpServerRequest request) {
        Optional<String> path = RequestPaths.matchable(request.path());
        if (path.isEmpty()) {
            refuse(request, 400, "bad_request", "The request path is not in normal form");
            return;
        }
        Optional<Route> matched = routes.match(path.get());
        if (matched.isEmpty()) {
            refuse(request, 404, "not_found", "No API is served at this path");
            return;
        }
        Route route = matched.get();
        if (!pools.containsKey(route.service())) {
            refuse(request, 503, "service_unavailable", "The service of this API is not running in this stack");
            return;
        }
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String limitKey = route.ingress() + '|' + client;
        if (rateLimits && route.rateLimit().limitsRate() && !bucket(limitKey, route).tryTake()) {
            request.response().putHeader("Retry-After", "1");
            refuse(request, 429, "too_many_requests", "Too many requests from this client for this API");
            return;
        }
        if (rateLimits && route.rateLimit().limitsConnections() && !acquireConnection(request, limitKey, route)) {
            refuse(request, 429, "too_many_requests", "Too many concurrent requests from this client for this API");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                refuse(request, 400, "bad_request", "Invalid Content-Length");
                return;
            }
            if (declared > route.maxBodyBytes()) {
                tooLarge(request, route);
                return;
            }
        }
        proxy(route).handle(request);
    }

    private boolean acquireConnection(HttpServerRequest request, String key, Route route) {
        AtomicInteger count = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > route.rateLimit().connections()) {
            count.decrementAndGet();
            return false;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
        request.response().endHandler(v -> release.run());
        request.response().closeHandler(v -> release.run());
        return true;
    }

    private TokenBucket bucket(String key, Route route) {
        return buckets.computeIfAbsent(key, k -> new TokenBucket(route.rateLimit().requestsPerSecond(),
                Math.max(1, route.rateLimit().burst())));
    }

    /** One proxy per Ingress object: its backend's replicas and its body limit. */
    private HttpProxy proxy(Route route) {
        return proxies.computeIfAbsent(route.ingress() + '|' + route.service(), key -> {
            BackendPool pool = pools.get(route.service());
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(pool.origin());
            proxy.addInterceptor(new ForwardedHeaders());
            proxy.addInterceptor(new BodyLimit(route.maxBodyBytes()));
            proxy.addInterceptor(pool.watcher());
            return proxy;
        });
    }

    private static void tooLarge(HttpServerRequest request, Route route) {
        refuse(request, 413, "payload_too_large", tooLargeMessage(route.maxBodyBytes()));
    }

    private static String tooLargeMessage(long limit) {
        return "The request body exceeds " + limit + " bytes, the limit of this API";
    }

    static String json(int status, String error, String message) {
        return "{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    }

    private static void refuse(HttpServerRequest request, int status, String error, String message) {
        String body = json(status, error, message);
        if (request.response().ended() || request.response().headWritten()) {
            return;
        }
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Cache-Control", "no-store");
        if (status == 413 && request.version() != HttpVersion.HTTP_2) {
            // The body is not read: close the connection rather than drain it (HTTP/2 resets the stream instead)
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        request.response().end(body);
    }

    /** The request headers ingress-nginx sets towards the services. */
    static final class ForwardedHeaders implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest proxied = context.request();
            HttpServerRequest incoming = proxied.proxiedRequest();
            String client = incoming.remoteAddress() == null ? "" : incoming.remoteAddress().hostAddress();
            String forwardedFor = incoming.getHeader("X-Forwarded-For");
            proxied.headers()
                    .set("X-Real-IP", client)
                    .set("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client)
                    .set("X-Forwarded-Proto", "https")
                    .set("X-Forwarded-Scheme", "https")
                    .set("X-Scheme", "https");
            if (incoming.authority() != null) {
                proxied.headers()
                        .set("X-Forwarded-Host", incoming.authority().host())
                        .set("X-Forwarded-Port", String.valueOf(incoming.authority().port() > 0
                                ? incoming.authority().port() : 443));
            }
            if (incoming.getHeader("X-Request-ID") == null) {
                byte[] id = new byte[16];
                RANDOM.nextBytes(id);
                proxied.headers().set("X-Request-ID", HexFormat.of().formatHex(id));
            }
            // The service is down or died under the request (connection refused, reset, closed before answering):
            // 502 in the front door's neutral JSON, at once, like ingress-nginx's 502 (instead of an empty body)
            return context.sendRequest().recover(failure -> Future.succeededFuture(proxied.response()
                    .setStatusCode(502)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .setBody(Body.body(Buffer.buffer(json(502, "bad_gateway", "The service of this API did not answer"))))));
        }
    }

    /**
     * A body without Content-Length (chunked, or HTTP/2 without the header) is read up to the API's limit before
     * it is forwarded whole, like NGINX's client_max_body_size; above the limit the answer is 413 and nothing
     * reaches the service. A declared Content-Length was checked before the proxy was called.
     */
    static final class BodyLimit implements ProxyInterceptor {
        private final long limit;

        BodyLimit(long limit) {
            this.limit = limit;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest proxied = context.request();
            Body body = proxied.getBody();
            HttpServerRequest incoming = proxied.proxiedRequest();
            if (body == null || body.length() >= 0) {
                return context.sendRequest();
            }
            if (incoming.isEnded()) {
                proxied.setBody(null);
                return context.sendRequest();
            }
            boolean declaredBody = incoming.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
            Promise<ProxyResponse> result = Promise.promise();
            Buffer collected = Buffer.buffer();
            AtomicBoolean over = new AtomicBoolean();
            ReadStream<Buffer> stream = body.stream();
            stream.exceptionHandler(result::tryFail);
            stream.handler(chunk -> {
                if (over.get()) {
                    return;
                }
                if (collected.length() + (long) chunk.length() > limit) {
                    over.set(true);
                    ProxyResponse refusal = proxied.response()
                            .setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .setBody(Body.body(Buffer.buffer(json(413, "payload_too_large", tooLargeMessage(limit)))));
                    if (incoming.version() != HttpVersion.HTTP_2) {
                        refusal.putHeader(HttpHeaders.CONNECTION, "close");
                    }
                    result.tryComplete(refusal);
                    return;
                }
                collected.appendBuffer(chunk);
            });
            stream.endHandler(v -> {
                if (!over.get()) {
                    proxied.setBody(collected.length() == 0 && !declaredBody ? null : Body.body(collected));
                    context.sendRequest().onComplete(result);
                }
            });
            stream.resume();
            return result.future();
        }
    }

    /** NGINX limit_req with burst and nodelay: up to {@code burst} at once, refilled at {@code rate} per second. */
    static final class TokenBucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long last = System.nanoTime();

        TokenBucket(int rate, int capacity) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
