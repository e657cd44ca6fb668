package com.cardplatform.guard.ratelimit;

import com.cardplatform.guard.GuardConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per client and API in this replica (Bucket4j, lock-free). A replica enforces its share of the
 * policy, {@code ceil(quota / replicas)} per window, the way Envoy's local rate limit does: limits hold without a
 * shared store and cost no database round trip, at the price of being exact only when the load balancer spreads a
 * client's requests evenly (round robin does). {@code replicas} is the number alive now ({@link LiveReplicas}); when it
 * changes, each bucket is given its new share at its next request, keeping the same fraction of tokens.
 *
 * <p>The map holds a bucket per client that presented a valid token, so it is bounded by the registered clients
 * (auth-service), not by anything an anonymous caller can send.</p>
 */
@ApplicationScoped
public class ClientRateLimiter {

    /** What a request learns about its limit: whether it may pass, and the figures of the RateLimit headers. */
    public record Decision(boolean allowed, String policy, long quota, long windowSeconds, long remaining,
            long resetSeconds, long retryAfterSeconds) {

        /** {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers): the quota and its window. */
        public String policyHeader() {
            return "\"" + policy + "\";q=" + quota + ";w=" + windowSeconds;
        }

        /** {@code RateLimit}: what is left of the quota and when it is whole again. */
        public String limitHeader() {
            return "\"" + policy + "\";r=" + remaining + ";t=" + resetSeconds;
        }
    }

    private record Key(String clientId, String api) {
    }

    private record Limit(long quota, Duration window) {

        /** Capacity {@code quota}, refilled {@code quota} per {@code window}. */
        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(quota).refillGreedy(quota, window).build();
        }
    }

    /** A bucket and the limit it was given. */
    private record Held(Bucket bucket, Limit limit) {
    }

    private final GuardConfig.RateLimit config;
    private final ConcurrentMap<Key, Held> buckets = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final LiveReplicas replicas;

    public ClientRateLimiter(GuardConfig config, MeterRegistry meters, LiveReplicas replicas) {
        this.config = config.rateLimit();
        this.meters = meters;
        this.replicas = replicas;
        if (this.config.replicas() < 1) {
            throw new IllegalStateException("platform.guard.rate-limit.replicas must be at least 1");
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Takes one request from the bucket of this client and API. */
    public Decision take(String clientId, String api) {
        Limit limit = limitOf(clientId);
        Key key = new Key(clientId, api);
        Held held = buckets.get(key);
        if (held == null || !held.limit().equals(limit)) {
            held = buckets.compute(key, (k, old) -> {
                if (old == null) {
                    return new Held(Bucket.builder().addLimit(limit.bandwidth()).build(), limit);
                }
                if (!old.limit().equals(limit)) {
                    // the replicas (or the policy) changed: the new share, with the tokens left in proportion
                    old.bucket().replaceConfiguration(BucketConfiguration.builder().addLimit(limit.bandwidth()).build(),
                            TokensInheritanceStrategy.PROPORTIONALLY);
                    return new Held(old.bucket(), limit);
                }
                return old;
            });
        }
        ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(1);
        long windowSeconds = Math.max(1, limit.window().toSeconds());
        if (!probe.isConsumed()) {
            meters.counter("platform_rate_limited_requests_total", "api", api).increment();
        }
        return new Decision(probe.isConsumed(), api, limit.quota(), windowSeconds, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /** The policy of a client in this replica: its own or the default, divided among the replicas. */
    Limit limitOf(String clientId) {
        GuardConfig.RateLimit.ClientPolicy own = config.clients().get(clientId);
        long quota = own != null && own.quota().isPresent() ? own.quota().get() : config.defaults().quota();
        Duration window = own != null && own.window().isPresent() ? own.window().get() : config.defaults().window();
        int sharing = Math.max(1, replicas.count());
        long share = (quota + sharing - 1) / sharing;
        return new Limit(Math.max(1, share), window);
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
