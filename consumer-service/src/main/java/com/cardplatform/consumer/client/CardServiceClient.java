package com.cardplatform.consumer.client;

import com.cardplatform.consumer.config.CardServiceConfig;
import com.cardplatform.events.tokens.ServiceTokenException;
import com.cardplatform.events.tokens.ServiceTokens;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The cascade call into card-service, guarded: a short timeout per try, a few retries with exponential backoff,
 * and a circuit breaker so that a card-service outage costs one fast failure per call instead of a timeout.
 * Every value is overridable ({@code quarkus.fault-tolerance."...CardServiceClient/deleteCards".*}); the outbox
 * worker retries for much longer on top of this.
 */
@ApplicationScoped
public class CardServiceClient {

    /** What card-service accepts as a correlation id (the D1 default); anything else is not forwarded. */
    private static final Pattern FORWARDABLE_CORRELATION = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final CardServiceApi api;
    /** consumer-service's {@code cards:internal} token (client credentials at auth-service, cached until expiry). */
    private final ServiceTokens tokens;

    public CardServiceClient(@RestClient CardServiceApi api, CardServiceConfig config, TlsConfigurationRegistry tls,
            Clock clock) {
        this.api = api;
        // the token endpoint is trusted as the REST clients trust card-service (the prod overlay's internal CA)
        TlsConfiguration trust = config.tlsConfigurationName().map(name -> tls.get(name).orElseThrow(() ->
                new IllegalStateException("platform.card-service.tls-configuration-name names \"" + name
                        + "\", which is not a TLS configuration (quarkus.tls." + name + ".*)"))).orElse(null);
        this.tokens = new ServiceTokens(new ServiceTokens.Settings(URI.create(config.tokenUrl()), config.clientId(),
                config.clientSecret().orElse(null), config.scope(),
                Duration.ofSeconds(config.tokenRenewBeforeSeconds()), config.tokenTimeout()), trust, clock);
    }

    /** Said at start rather than at the first delete. */
    void checkConfiguration(@Observes StartupEvent event) {
        if (!tokens.configured()) {
            Log.warn("platform.card-service.client-secret is not set: the cascade into card-service cannot "
                    + "authenticate and deletes will stay PENDING");
        }
    }

    /** Deletes every card and digital card of the consumer in card-service. Idempotent. */
    @AsynchronousNonBlocking
    @Timeout(value = 2000, unit = ChronoUnit.MILLIS)
    // an open circuit is not retried: the outbox worker comes back later anyway, and the request answers at once
    @Retry(maxRetries = 2, delay = 200, delayUnit = ChronoUnit.MILLIS, jitter = 50,
            abortOn = {CardServiceException.Rejected.class, CircuitBreakerOpenException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, delayUnit = ChronoUnit.MILLIS,
            successThreshold = 1, skipOn = CardServiceException.Rejected.class)
    public Uni<CardCascadeResult> deleteCards(String issuerId, String consumerId, String correlationId) {
        String forwarded = correlationId != null && FORWARDABLE_CORRELATION.matcher(correlationId).matches()
                ? correlationId : null;
        return tokens.authorization()
                .onFailure(ServiceTokenException.class).transform(e -> new CardServiceException(
                        e.getMessage(), ((ServiceTokenException) e).status(), null))
                .chain(authorization -> api.deleteCards(issuerId, consumerId, authorization, forwarded))
                .onFailure(WebApplicationException.class).transform(this::translate)
                .map(result -> result == null ? new CardCascadeResult(0, 0) : result);
    }

    private Throwable translate(Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        String message = "card-service answered HTTP " + status;
        if (status == 401) {
            // the token may have been signed by a retired key: get a new one for the retry
            tokens.invalidate();
        }
        if (status == 400 || status == 422) {
            return new CardServiceException.Rejected(message, status, null);
        }
        return new CardServiceException(message, status, null);
    }
}
