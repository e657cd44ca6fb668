package com.cardplatform.consumer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
}
