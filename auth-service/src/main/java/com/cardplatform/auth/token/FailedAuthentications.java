package com.cardplatform.auth.token;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed client authentications (a wrong or unknown secret, an assertion no registered key of an enabled
 * client signed) per client id and per source address, in fixed windows: once either has failed
 * {@code platform.auth.failed-authentication.*} times in its window, every authentication with that client id or
 * from that address is refused (429 {@code temporarily_unavailable} with {@code Retry-After}) until the window
 * ends, without looking at the credentials, so that a secret cannot be tried at full speed. A successful
 * authentication clears its client id's count. Counted in memory, per replica (each replica's budget is its own).
 * Metrics: {@code auth_client_authentication_failures_total}, {@code auth_client_authentication_throttled_total}
 * tagged {@code by=client|address}.
 */
@ApplicationScoped
public class FailedAuthentications {

    /** One window of failures: when it started (ticker nanos) and how many so far. */
    private record Window(long started, AtomicInteger failures) {
    }

    private final AuthConfig.FailedAuthentication limits;
    private final long windowNanos;
    private final Cache<String, Window> windows;
    private final Counter failures;
    private final Counter throttledByClient;
    private final Counter throttledByAddress;

    public FailedAuthentications(AuthConfig config, MeterRegistry registry) {
        this.limits = config.failedAuthentication();
        this.windowNanos = limits.window().toNanos();
        this.windows = Caffeine.newBuilder()
                .maximumSize(limits.tracked())
                .expireAfter(Expiry.<String, Window>creating((key, window) -> limits.window()))
                .executor(Runnable::run)
                .build();
        this.failures = Counter.builder("auth.client.authentication.failures")
                .description("Failed client authentications (wrong or unknown secret, untrusted assertion)")
                .register(registry);
        this.throttledByClient = throttled(registry, "client");
        this.throttledByAddress = throttled(registry, "address");
    }

    private static Counter throttled(MeterRegistry registry, String by) {
        return Counter.builder("auth.client.authentication.throttled")
                .description("Client authentications refused because of earlier failures")
                .tag("by", by)
                .register(registry);
    }

    /** Refuses (429) when the client id or the address has failed too often in its current window. */
    public void check(String clientId, String address) {
        if (clientId != null && exhausted("client:" + clientId, limits.perClient())) {
            throttledByClient.increment();
            Log.warnf("Client authentication throttled for client_id=%s", clientId);
            throw throttled(remainingSeconds("client:" + clientId));
        }
        if (address != null && exhausted("address:" + address, limits.perAddress())) {
            throttledByAddress.increment();
            Log.warnf("Client authentication throttled for address %s", address);
            throw throttled(remainingSeconds("address:" + address));
        }
    }

    public void failed(String clientId, String address) {
        failures.increment();
        if (clientId != null) {
            count("client:" + clientId);
        }
        if (address != null) {
            count("address:" + address);
        }
    }

    public void succeeded(String clientId) {
        windows.invalidate("client:" + clientId);
    }

    private boolean exhausted(String key, int limit) {
        Window window = windows.getIfPresent(key);
        return window != null && window.failures().get() >= limit;
    }

    private void count(String key) {
        windows.get(key, k -> new Window(System.nanoTime(), new AtomicInteger())).failures().incrementAndGet();
    }

    private long remainingSeconds(String key) {
        Window window = windows.getIfPresent(key);
        long elapsed = window == null ? windowNanos : System.nanoTime() - window.started();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(windowNanos - elapsed) + 1);
    }

    private static ApiError throttled(long retryAfterSeconds) {
        return ApiError.of(ErrorKind.TOO_MANY_REQUESTS, null,
                "Too many failed client authentications; try again in " + retryAfterSeconds + " seconds")
                .withCode("temporarily_unavailable")
                .withRetryAfter(retryAfterSeconds);
    }
}
