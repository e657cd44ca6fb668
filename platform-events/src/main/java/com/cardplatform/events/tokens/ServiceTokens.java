package com.cardplatform.events.tokens;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An access token of this service for one scope, obtained from auth-service with client credentials (RFC 6749
 * section 4.4, HTTP Basic, id and secret form-encoded first as section 2.3.1 says) and cached until shortly before
 * it expires. Concurrent callers share one token request. Neither the secret nor a token is ever logged, put in an
 * exception message or returned by {@code toString()}.
 *
 * <p>A plain class rather than a bean, so that a service can hold one per audience it calls (platform-events
 * holds one for notification-service; consumer-service's token for card-service is the same thing with another
 * scope). Non-blocking: the request goes through the reactive REST client.
 */
public class ServiceTokens {

    /** What to ask for, where. {@code clientSecret} may be null: every request then fails without being sent. */
    public record Settings(URI tokenUrl, String clientId, String clientSecret, String scope, Duration renewBefore,
            Duration timeout) {

        public Settings {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(renewBefore, "renewBefore");
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public String toString() {
            return "Settings[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scope=" + scope + "]";
        }
    }

    private static final long DEFAULT_LIFETIME_SECONDS = 300;

    private final Settings settings;
    private final TokenEndpointApi endpoint;
    private final Clock clock;

    private volatile Cached cached;
    private Uni<Cached> inflight;

    public ServiceTokens(Settings settings, Clock clock) {
        this(settings, (io.quarkus.tls.TlsConfiguration) null, clock);
    }

    /** With the TLS configuration the token endpoint's certificate is checked against (null: the JVM's trust). */
    public ServiceTokens(Settings settings, io.quarkus.tls.TlsConfiguration tls, Clock clock) {
        this(settings, builder(settings, tls).build(TokenEndpointApi.class), clock);
    }

    private static QuarkusRestClientBuilder builder(Settings settings, io.quarkus.tls.TlsConfiguration tls) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.tokenUrl())
                .connectTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return tls == null ? builder : builder.tlsConfiguration(tls);
    }

    public ServiceTokens(Settings settings, TokenEndpointApi endpoint, Clock clock) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** Whether a secret is configured (without one no token can be obtained). */
    public boolean configured() {
        return present(settings.clientId()) && present(settings.clientSecret());
    }

    /** {@code Bearer <token>}, from the cache or a fresh token request shared by every concurrent caller. */
    public Uni<String> authorization() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return Uni.createFrom().item(current.header());
        }
        return shared().map(Cached::header);
    }

    /** Forget the cached token (the service it was sent to refused it: keys rotated, token revoked...). */
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
        if (!configured()) {
            return Uni.createFrom().failure(new ServiceTokenException(
                    "client id or secret for the token endpoint is not configured", 0));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(settings.clientId()) + ":" + form(settings.clientSecret())).getBytes(StandardCharsets.UTF_8));
        Instant requestedAt = clock.instant();
        return Uni.createFrom().deferred(() -> endpoint.clientCredentials(basic, "client_credentials", settings.scope()))
                .onFailure().transform(ServiceTokens::failure)
                .map(body -> {
                    JsonObject response;
                    try {
                        response = body == null ? null : new JsonObject(body);
                    } catch (DecodeException e) {
                        response = null;
                    }
                    Object token = response == null ? null : response.getValue("access_token");
                    if (!(token instanceof String) || ((String) token).isBlank()) {
                        throw new ServiceTokenException("token endpoint answered without an access token", 200);
                    }
                    Object expiresIn = response.getValue("expires_in");
                    long lifetime = expiresIn instanceof Number && ((Number) expiresIn).longValue() > 0
                            ? ((Number) expiresIn).longValue() : DEFAULT_LIFETIME_SECONDS;
                    long renewBefore = Math.min(settings.renewBefore().toSeconds(), lifetime / 2);
                    return new Cached("Bearer " + token, requestedAt.plusSeconds(lifetime - renewBefore));
                });
    }

    /** Our words only: a REST client exception's message could name what was sent. */
    private static Throwable failure(Throwable e) {
        if (e instanceof ServiceTokenException) {
            return e;
        }
        if (e instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            return new ServiceTokenException("token endpoint answered HTTP " + status, status);
        }
        return new ServiceTokenException("token endpoint unreachable (" + e.getClass().getSimpleName() + ")", 0);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Cached(String header, Instant renewAt) {
        @Override
        public String toString() {
            return "Cached[renewAt=" + renewAt + "]";
        }
    }

    @Override
    public String toString() {
        return "ServiceTokens[" + settings + "]";
    }
}
