package com.cardplatform.guard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the guard in front of every partner endpoint: idempotency keys on writes and per-client rate limits.
 * Platform defaults live in this module's {@code META-INF/microprofile-config.properties}; a service overrides them in
 * its {@code application.properties} and an operator through the environment ({@code PLATFORM_GUARD_...}).
 */
@ConfigMapping(prefix = "platform.guard")
public interface GuardConfig {

    /** Path prefixes that are not partner APIs (service-to-service calls): neither keys nor limits apply. */
    @WithDefault("/internal/,/q/,/.well-known/")
    List<String> excludedPaths();

    Idempotency idempotency();

    RateLimit rateLimit();

    interface Idempotency {

        @WithDefault("true")
        boolean enabled();

        /** The PostgreSQL schema of the service, where its {@code idempotency_key} table lives. */
        String schema();

        /** How long a key and its answer are kept: 24 hours by default, at most 30 days. */
        @WithDefault("PT24H")
        Duration retention();

        /**
         * A claim not renewed for this long is considered abandoned (its replica died between the claim and the
         * answer): a repetition of the same request may then claim it again. While its request runs, the replica
         * renews it every third of this ({@code ClaimRenewal}), for at most ten leases.
         */
        @WithDefault("PT60S")
        Duration inFlightLease();

        /** Answers larger than this are not kept (the key is released): no partner write answers that much. */
        @WithDefault("262144")
        int maxStoredBodyBytes();

        Purge purge();

        interface Purge {
            @WithDefault("10m")
            String every();

            @WithDefault("5000")
            int batchSize();
        }
    }

    interface RateLimit {

        @WithDefault("true")
        boolean enabled();

        /**
         * How many replicas of this service share the limits until this replica has counted them ({@link #heartbeat()})
         * and while the database cannot be read: each enforces {@code quota / replicas} (rounded up), as Envoy's local
         * rate limit does. Kubernetes sets it to the HPA's minimum.
         */
        @WithDefault("1")
        int replicas();

        /**
         * How often each replica records that it is alive (its row in the service's {@code guard_replica} table) and
         * counts the replicas seen in the last three beats: the count that shares the limits, following the HPA.
         */
        @WithDefault("10s")
        Duration heartbeat();

        /** The policy of every client without its own: {@code quota} requests per {@code window}. */
        Policy defaults();

        /** Per client id ({@code sub}): its own policy, e.g. {@code platform.guard.rate-limit.clients."bank-a".quota=500}. */
        Map<String, ClientPolicy> clients();

        interface Policy {
            @WithDefault("100")
            int quota();

            @WithDefault("PT1S")
            Duration window();
        }

        interface ClientPolicy {
            Optional<Integer> quota();

            Optional<Duration> window();
        }
    }
}
