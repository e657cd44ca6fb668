package com.cardplatform.consumer.client;

import com.cardplatform.consumer.config.CardServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The {@code cards:internal} access token of consumer-service, obtained from auth-service with client
 * credentials (RFC 6749 section 4.4, HTTP Basic) and cached until shortly before it expires. Concurrent callers
 * share one token request. The secret and the token are never logged.
 */
@ApplicationScoped
public class CardServiceTokens {

    private final TokenEndpointApi endpoint;
    private final CardServiceConfig config;
    private final Clock clock;

    private volatile Cached cached;
    private Uni<Cached> inflight;

    public CardServiceTokens(@RestClient TokenEndpointApi endpoint, CardServiceConfig config, Clock clock) {
        this.endpoint = endpoint;
        this.config = config;
        this.clock = clock;
    }

    /** Said at start rather than at the first delete. */
    void checkConfiguration(@Observes StartupEvent event) {
        if (config.clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            Log.warn("platform.card-service.client-secret is not set: the cascade into card-service cannot "
                    + "authenticate and deletes will stay PENDING");
        }
    }

    /** {@code Bearer <token>}, from the cache or a fresh token request. */
    public Uni<String> authorization() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return Uni.createFrom().item(current.header());
        }
        return shared().map(Cached::header);
    }

    /** Forget the cached token (card-service refused it: keys rotated, token revoked...). */
    public void invalidate() {
        cached = null;
    }

    private synchronized Uni<Cached> shared() {
        if (inflight == null) {
            inflight = request()
                    .invoke(token -> cached = token)
                    .onTermination().invoke(this::clearInflight)
                    .memoize().indefinitely();
        }
        return inflight;
    }

    private synchronized void clearInflight() {
        inflight = null;
    }

    private Uni<Cached> request() {
        String secret = config.clientSecret().filter(s -> !s.isBlank()).orElse(null);
        if (secret == null) {
            return Uni.createFrom().failure(new CardServiceException(
                    "client secret for the token endpoint is not configured", 0, null));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(config.clientId()) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        Instant requestedAt = clock.instant();
        return endpoint.clientCredentials(basic, "client_credentials", config.scope())
                .onFailure(WebApplicationException.class).transform(e -> new CardServiceException(
                        "token endpoint answered HTTP " + ((WebApplicationException) e).getResponse().getStatus(),
                        ((WebApplicationException) e).getResponse().getStatus(), null))
                .map(response -> {
                    if (response == null || response.accessToken() == null || response.accessToken().isBlank()) {
                        throw new CardServiceException("token endpoint answered without an access token", 200, null);
                    }
                    long lifetime = response.expiresIn() == null ? 300 : response.expiresIn();
                    long renewBefore = Math.min(config.tokenRenewBeforeSeconds(), lifetime / 2);
                    return new Cached("Bearer " + response.accessToken(),
                            requestedAt.plusSeconds(lifetime - renewBefore));
                });
    }

    /** RFC 6749 section 2.3.1: client id and secret are form-encoded before Basic encoding. */
    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Cached(String header, Instant renewAt) {
        @Override
        public String toString() {
            return "Cached[renewAt=" + renewAt + "]";
        }
    }
}
