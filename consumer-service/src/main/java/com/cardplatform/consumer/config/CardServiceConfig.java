package com.cardplatform.consumer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How consumer-service reaches card-service for the cascade ({@code platform.card-service.*}). The client
 * credentials obtain a {@code cards:internal} token from auth-service (RFC 6749 client credentials, HTTP Basic).
 */
@ConfigMapping(prefix = "platform.card-service")
public interface CardServiceConfig {

    @WithDefault("http://localhost:8083")
    String url();

    @WithDefault("http://localhost:8081/oauth2/token")
    String tokenUrl();

    @WithDefault("consumer-service")
    String clientId();

    /** From the secret PLATFORM_CARD_SERVICE_CLIENT_SECRET; never logged. */
    Optional<String> clientSecret();

    @WithDefault("cards:internal")
    String scope();

    /** A cached token is renewed this many seconds before it expires. */
    @WithDefault("60")
    long tokenRenewBeforeSeconds();

    /** How long a token request may take (connect, then answer). */
    @WithDefault("PT2S")
    Duration tokenTimeout();

    /**
     * The TLS configuration ({@code quarkus.tls.<name>.*}) the token endpoint's certificate is checked against; by
     * default the one consumer-service's REST clients use ({@code quarkus.rest-client.tls-configuration-name}), else
     * the JVM's trust.
     */
    Optional<String> tlsConfigurationName();
}
