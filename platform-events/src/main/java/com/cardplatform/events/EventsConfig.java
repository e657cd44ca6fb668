package com.cardplatform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The relay's settings ({@code platform.events.*}); every key can be given as an environment variable
 * ({@code PLATFORM_EVENTS_SINK_URL}, {@code PLATFORM_EVENTS_CLIENT_SECRET}, ...).
 */
@ConfigMapping(prefix = "platform.events")
public interface EventsConfig {

    /**
     * The schema of the service's {@code outbox_event}. Defaults to the schema Flyway migrates; a service without
     * one must set it (the application does not start otherwise). Checked to be a plain SQL identifier, since it is
     * written into the relay's statements.
     */
    @WithDefault("${quarkus.flyway.default-schema}")
    String schema();

    /** notification-service's base URL. Empty: the relay is off and events accumulate in the outbox. */
    Optional<String> sinkUrl();

    /** auth-service's token endpoint (client credentials). */
    @WithDefault("http://localhost:8081/oauth2/token")
    String tokenUrl();

    /** This service's client at auth-service. */
    Optional<String> clientId();

    /** Its secret (a Kubernetes secret in production); never logged. */
    Optional<String> clientSecret();

    /** The scope notification-service requires of a publisher. */
    @WithDefault("events:publish")
    String scope();

    /**
     * The Quarkus TLS configuration ({@code quarkus.tls.<name>.*}) that the relay's calls to notification-service and
     * auth-service trust, e.g. {@code internal} where the cluster's hops are https with an internal CA. Empty: the
     * JVM's default trust (and plain http where the URLs say so).
     */
    Optional<String> tlsConfigurationName();

    /** A cached token is renewed this long before it expires (at most half its lifetime). */
    @WithDefault("60s")
    Duration tokenRenewBefore();

    Relay relay();

    interface Relay {

        /**
         * How often each replica looks for due events: a Vert.x timer, since Quarkus's scheduler ticks once a second
         * at best and this interval is most of the time from a commit to notification-service.
         */
        @WithDefault("200ms")
        Duration every();

        /** Events per request to notification-service: at most 500, its contract's limit. */
        @WithDefault("500")
        int batchSize();

        /**
         * Relay runs at once on a replica (1-8). A run that is still draining a backlog when the timer ticks again is
         * joined by another, so that one batch is claimed and rendered while the previous one is on the wire: with
         * one, card-service's relay moved 1,700-2,200 events/s while its API wrote 3,300-4,000; with two,
         * 3,400-3,600 (bench/results/notifications.md). Events of one entity may then reach notification-service out
         * of order; their sequence puts them back in order, as for the replicas.
         */
        @WithDefault("2")
        int concurrency();

        /**
         * The backoff: how long the relay pauses after a batch notification-service refused or did not answer (and how
         * long an event its renderer could not read waits), doubled at every further failure in a row up to
         * {@link #maxLease()}. (A batch being sent is locked, not leased: a replica holds it at most twice
         * {@link #timeout()} plus a second; OutboxRepository.)
         */
        @WithDefault("10s")
        Duration lease();

        @WithDefault("60s")
        Duration maxLease();

        /** Connect and read timeout of the requests to notification-service and auth-service. */
        @WithDefault("5s")
        Duration timeout();

        /** How often the outbox backlog gauge is refreshed (one count query). */
        @WithDefault("15s")
        Duration backlogEvery();
    }
}
