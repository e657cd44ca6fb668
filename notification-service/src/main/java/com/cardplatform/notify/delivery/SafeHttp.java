package com.cardplatform.notify.delivery;

import com.cardplatform.errors.ApiError;
import com.cardplatform.notify.config.NotifyConfig;
import com.cardplatform.notify.safety.DestinationPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every outbound request of the service (webhooks, D1 callbacks, issuers' token endpoints): POST only, no
 * redirect followed, a hard time limit, at most {@code maxResponseBytes} of the answer read, and the destination
 * checked at connect time by {@link DestinationPolicy}: the host is resolved here, every address checked, and the
 * connection made to the checked address while Host and TLS SNI keep the name.
 */
@ApplicationScoped
public class SafeHttp {

    /** A checked resolution is reused this long: it is the address connected to, so reuse cannot be rebound. */
    private static final long RESOLUTION_TTL_NANOS = Duration.ofSeconds(30).toNanos();

    private final HttpClient client;
    private final DestinationPolicy policy;
    private final long timeoutMs;
    private final int maxResponseBytes;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    @Inject
    public SafeHttp(Vertx vertx, DestinationPolicy policy, NotifyConfig config) {
        this(vertx, policy, config.dispatch().timeout().toMillis(), config.dispatch().maxResponseBytes(),
                config.dispatch().perDestinationConcurrency());
    }

    public SafeHttp(Vertx vertx, DestinationPolicy policy, long timeoutMs, int maxResponseBytes, int poolSize) {
        this.policy = policy;
        this.timeoutMs = timeoutMs;
        this.maxResponseBytes = maxResponseBytes;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE))
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setTryUseCompression(false)
                .setName("notify-outbound");
        this.client = vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(poolSize));
    }

    @PreDestroy
    public void close() {
        client.close();
    }

    /** POSTs {@code body}; never fails: a refused destination, a timeout or a reset is an {@link Outcome} too. */
    public Uni<Outcome> post(String url, Map<String, String> headers, byte[] body) {
        return post(url, headers, body, maxResponseBytes);
    }

    /** The same, reading up to {@code maxBytes} of the answer (a token endpoint's answer is longer than 1 KiB). */
    public Uni<Outcome> post(String url, Map<String, String> headers, byte[] body, int maxBytes) {
        long start = System.nanoTime();
        URI uri;
        try {
            uri = policy.parse("url", url);
        } catch (ApiError e) {
            return Uni.createFrom().item(Outcome.failed(0, "refused destination: " + e.detail()));
        }
        String host = uri.getHost();
        // the timeout is the whole attempt's, name resolution included: a resolver that hangs is a timed-out attempt
        return address(host)
                .ifNoItem().after(Duration.ofMillis(timeoutMs))
                .failWith(() -> new TimeoutOf(timeoutMs, "name resolution"))
                .onItem().transformToUni(address -> {
                    long left = timeoutMs - elapsed(start);
                    return left > 0 ? send(uri, address, headers, body, start, maxBytes, left)
                            : Uni.createFrom().failure(new TimeoutOf(timeoutMs, "name resolution"));
                })
                .onFailure().recoverWithItem(e -> Outcome.failed(elapsed(start), describe(e)));
    }

    private Uni<InetAddress> address(String host) {
        Resolved known = resolved.get(host);
        if (known != null && System.nanoTime() - known.at() < RESOLUTION_TTL_NANOS) {
            return Uni.createFrom().item(known.address());
        }
        // DNS is blocking in the JDK: a worker thread, not the event loop
        return Uni.createFrom().item(() -> {
            List<InetAddress> addresses;
            try {
                addresses = policy.resolveChecked("url", host);
            } catch (ApiError e) {
                throw new RefusedDestination(e.detail());
            }
            InetAddress first = addresses.get(0);
            if (resolved.size() > 10_000) {
                resolved.clear();
            }
            resolved.put(host, new Resolved(first, System.nanoTime()));
            return first;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Outcome> send(URI uri, InetAddress address, Map<String, String> headers, byte[] body, long start,
            int maxBytes, long left) {
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(ssl)
                .setURI(path)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(left)
                .setIdleTimeout(left);
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        Uni<Outcome> exchange = Uni.createFrom().<Outcome>emitter(emitter -> {
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    if (finished.compareAndSet(false, true)) {
                        emitter.complete(Outcome.failed(elapsed(start), describe(opened.cause())));
                    }
                    return;
                }
                HttpClientRequest request = opened.result();
                if (finished.get()) {
                    // the attempt timed out while waiting for a connection and is recorded as such: it must not go
                    // out now (the retry would be a second delivery of the same attempt)
                    request.reset();
                    return;
                }
                inFlight.set(request);
                headers.forEach(request::putHeader);
                request.send(Buffer.buffer(body)).onComplete(answered -> {
                    if (answered.failed()) {
                        if (finished.compareAndSet(false, true)) {
                            emitter.complete(Outcome.failed(elapsed(start), describe(answered.cause())));
                        }
                        return;
                    }
                    var response = answered.result();
                    int status = response.statusCode();
                    Buffer head = Buffer.buffer();
                    response.handler(chunk -> {
                        if (finished.get()) {
                            return;
                        }
                        int room = maxBytes - head.length();
                        head.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, Math.max(room, 0)));
                        if (head.length() >= maxBytes && finished.compareAndSet(false, true)) {
                            // enough read: the rest is not wanted (the connection is dropped, not drained)
                            emitter.complete(new Outcome(status, elapsed(start), text(head), null));
                            request.reset();
                        }
                    });
                    response.endHandler(v -> {
                        if (finished.compareAndSet(false, true)) {
                            emitter.complete(new Outcome(status, elapsed(start), text(head), null));
                        }
                    });
                    response.exceptionHandler(e -> {
                        if (finished.compareAndSet(false, true)) {
                            emitter.complete(new Outcome(status, elapsed(start), text(head), describe(e)));
                        }
                    });
                });
            });
        });
        return exchange
                .ifNoItem().after(Duration.ofMillis(left)).recoverWithUni(() -> {
                    finished.set(true);
                    HttpClientRequest request = inFlight.get();
                    if (request != null) {
                        request.reset();
                    }
                    return Uni.createFrom().item(Outcome.failed(elapsed(start), "timeout after " + timeoutMs + " ms"));
                });
    }

    private static String text(Buffer head) {
        if (head.length() == 0) {
            return null;
        }
        // PostgreSQL text cannot hold NUL; a cut multi-byte character becomes U+FFFD
        return new String(head.getBytes(), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static int elapsed(long start) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
    }

    /** The failure's kind and message, never a header or body of the request (they carry signatures, tokens). */
    static String describe(Throwable e) {
        if (e instanceof RefusedDestination) {
            return "refused destination: " + e.getMessage();
        }
        if (e instanceof TimeoutOf) {
            return e.getMessage();
        }
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private record Resolved(InetAddress address, long at) {
    }

    /** The attempt's time ran out in a step before the request (the message says which). */
    static final class TimeoutOf extends RuntimeException {
        TimeoutOf(long timeoutMs, String step) {
            super("timeout after " + timeoutMs + " ms (" + step + ")", null, false, false);
        }
    }

    static final class RefusedDestination extends RuntimeException {
        RefusedDestination(String detail) {
            super(detail, null, false, false);
        }
    }
}
