package com.cardplatform.events.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The token cache on its own: one request for concurrent callers, renewal before expiry, nothing secret shown. */
class ServiceTokensTest {

    static final String SECRET = "s3cret-value";

    /** A token endpoint whose answers the test completes by hand. */
    static final class Endpoint implements TokenEndpointApi {
        final List<CompletableFuture<String>> calls = new ArrayList<>();
        final List<String> credentials = new ArrayList<>();
        final List<String> scopes = new ArrayList<>();

        @Override
        public synchronized Uni<String> clientCredentials(String basic, String grantType, String scope) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            calls.add(answer);
            credentials.add(basic);
            scopes.add(scope);
            return Uni.createFrom().completionStage(answer);
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static ServiceTokens.Settings settings(String secret) {
        return new ServiceTokens.Settings(URI.create("http://127.0.0.1:1/oauth2/token"), "card-service", secret,
                "events:publish", Duration.ofSeconds(60), Duration.ofSeconds(5));
    }

    @Test
    void concurrentCallersShareOneRequestAndTheTokenIsCachedUntilShortlyBeforeItExpires() {
        Endpoint endpoint = new Endpoint();
        MutableClock clock = new MutableClock();
        ServiceTokens tokens = new ServiceTokens(settings(SECRET), endpoint, clock);

        CompletableFuture<String> first = tokens.authorization().subscribeAsCompletionStage().toCompletableFuture();
        CompletableFuture<String> second = tokens.authorization().subscribeAsCompletionStage().toCompletableFuture();
        assertEquals(1, endpoint.calls.size(), "one request in flight for both");
        assertEquals("events:publish", endpoint.scopes.get(0));
        assertEquals("Basic Y2FyZC1zZXJ2aWNlOnMzY3JldC12YWx1ZQ==", endpoint.credentials.get(0));
        endpoint.calls.get(0).complete("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        assertEquals("Bearer t1", first.join());
        assertEquals("Bearer t1", second.join());

        clock.now = clock.now.plusSeconds(239);
        assertEquals("Bearer t1", tokens.authorization().await().indefinitely(), "cached");
        assertEquals(1, endpoint.calls.size());

        clock.now = clock.now.plusSeconds(1); // 60 s before expiry: renewed
        CompletableFuture<String> renewed = tokens.authorization().subscribeAsCompletionStage().toCompletableFuture();
        assertEquals(2, endpoint.calls.size());
        endpoint.calls.get(1).complete("{\"access_token\":\"t2\",\"expires_in\":300}");
        assertEquals("Bearer t2", renewed.join());

        tokens.invalidate();
        tokens.authorization().subscribeAsCompletionStage();
        assertEquals(3, endpoint.calls.size(), "asked again after invalidate()");
    }

    @Test
    void withoutASecretNothingIsSent() {
        Endpoint endpoint = new Endpoint();
        ServiceTokens tokens = new ServiceTokens(settings(null), endpoint, new MutableClock());
        assertFalse(tokens.configured());
        ServiceTokenException e = assertThrows(ServiceTokenException.class,
                () -> tokens.authorization().await().indefinitely());
        assertEquals(0, e.status());
        assertTrue(endpoint.calls.isEmpty());
    }

    @Test
    void aRefusalOrAnAnswerWithoutATokenFailsWithoutShowingTheSecretOrTheAnswer() {
        Endpoint endpoint = new Endpoint();
        ServiceTokens tokens = new ServiceTokens(settings(SECRET), endpoint, new MutableClock());
        CompletableFuture<String> refused = tokens.authorization().subscribeAsCompletionStage().toCompletableFuture();
        endpoint.calls.get(0).completeExceptionally(new WebApplicationException(Response.status(401).build()));
        ServiceTokenException e = (ServiceTokenException) assertThrows(Exception.class, refused::join).getCause();
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains(SECRET));

        CompletableFuture<String> empty = tokens.authorization().subscribeAsCompletionStage().toCompletableFuture();
        assertEquals(2, endpoint.calls.size(), "a failure is not cached");
        endpoint.calls.get(1).complete("{\"token_type\":\"Bearer\",\"error\":\"" + SECRET + "\"}");
        ServiceTokenException noToken = (ServiceTokenException) assertThrows(Exception.class, empty::join).getCause();
        assertFalse(noToken.getMessage().contains(SECRET));
        assertFalse(tokens.toString().contains(SECRET));
        assertFalse(settings(SECRET).toString().contains(SECRET));
    }
}
