package com.cardplatform.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/** {@code platform.notify.*}: delivery schedule, safety rules and the key of the secrets at rest. */
@ConfigMapping(prefix = "platform.notify")
public interface NotifyConfig {

    /** Base64 of 32 bytes: the AES-256-GCM key of webhook and issuer secrets. */
    String secretsKey();

    /**
     * Keys that sealed secrets before {@link #secretsKey()} (base64 of 32 bytes each, comma-separated): a secret
     * sealed with one of them still opens, and each replica re-seals every such secret with the current key at start.
     */
    java.util.Optional<List<String>> previousSecretsKeys();

    /** http:// destinations allowed (outside production only). */
    @WithDefault("false")
    boolean allowHttp();

    /** Loopback, private, link-local, CGNAT and metadata destinations allowed (outside production only). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** An endpoint failing continuously this long is disabled. */
    @WithDefault("P5D")
    Duration disableAfter();

    /** Events (with their deliveries and attempts) are kept this long. */
    @WithDefault("P35D")
    Duration retention();

    /** How often endpoints failing too long are disabled and the backlog gauges refreshed. */
    @WithName("maintenance.every")
    @WithDefault("30s")
    String maintenanceEvery();

    Retry retry();

    Dispatch dispatch();

    interface Retry {
        /** Delay before each attempt: the first (normally PT0S), then after each failure; the last repeats. */
        @WithDefault("PT0S,PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H")
        List<Duration> schedule();

        /** No attempt is made later than this after the delivery was created (or resent). */
        @WithDefault("P3D")
        Duration giveUpAfter();

        /** Fraction of random spread around each delay, so that failing deliveries do not retry in lockstep. */
        @WithDefault("0.2")
        double jitter();
    }

    interface Dispatch {
        /** How often each replica looks for due deliveries (besides right after it ingested some). */
        @WithDefault("1s")
        String every();

        /** Drain loops per replica under a backlog (each has one batch in flight). */
        @WithDefault("2")
        int loops();

        /** Deliveries claimed per statement. */
        @WithDefault("500")
        int batchSize();

        /** How long a claim hides the deliveries from other replicas: longer than any attempt can take. */
        @WithDefault("PT60S")
        Duration lease();

        /** Requests in flight at once to one endpoint (or issuer). */
        @WithDefault("32")
        int perDestinationConcurrency();

        /** Requests in flight at once from this replica. */
        @WithDefault("256")
        int concurrency();

        /** Time allowed for one request, connect to last byte. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Bytes of an answer read and recorded. */
        @WithDefault("1024")
        int maxResponseBytes();
    }
}
