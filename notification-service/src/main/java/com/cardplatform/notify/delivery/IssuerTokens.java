package com.cardplatform.notify.delivery;

import com.cardplatform.notify.crypto.SecretBox;
import com.cardplatform.notify.repository.Claimed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens from each issuer's own token endpoint (RFC 6749 section 4.4, client_credentials, form-encoded,
 * client id and secret with HTTP Basic as section 2.3.1 says), cached until 30 s (at most half the lifetime)
 * before {@code expires_in}. Concurrent deliveries of one issuer share one token request. Neither the secret nor
 * the token is ever logged or recorded: a token endpoint's answer is not kept.
 */
@ApplicationScoped
public class IssuerTokens {

    private static final long RENEW_BEFORE_SECONDS = 30;

    private final SafeHttp http;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Uni<Cached>> inflight = new ConcurrentHashMap<>();

    public IssuerTokens(SafeHttp http, SecretBox secrets, ObjectMapper json) {
        this.http = http;
        this.secrets = secrets;
        this.json = json;
    }

    /** {@code Bearer <token>} for this issuer's configuration, or a failure carrying a recordable reason. */
    public Uni<String> authorization(Claimed issuer) {
        String fingerprint = fingerprint(issuer);
        Cached current = cache.get(issuer.issuerId());
        if (current != null && current.fingerprint().equals(fingerprint) && Instant.now().isBefore(current.renewAt())) {
            return Uni.createFrom().item(current.header());
        }
        // one request at a time per issuer and configuration: a delivery after a PUT never shares the token request of
        // the previous configuration
        String requestKey = issuer.issuerId() + "\n" + fingerprint;
        return inflight.computeIfAbsent(requestKey, requesting -> request(issuer, fingerprint)
                .invoke(token -> cache.put(issuer.issuerId(), token))
                .onTermination().invoke(() -> inflight.remove(requesting))
                .memoize().indefinitely())
                .map(Cached::header);
    }

    /** The issuer refused the token (401): the next delivery asks for a new one. */
    public void invalidate(String issuerId) {
        cache.remove(issuerId);
    }

    private Uni<Cached> request(Claimed issuer, String fingerprint) {
        String secret = issuer.clientSecret() == null ? ""
                : secrets.openText(issuer.clientSecret(), "issuer:" + issuer.issuerId());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(Objects.toString(issuer.clientId(), "")) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        String body = "grant_type=client_credentials"
                + (issuer.scope() == null || issuer.scope().isBlank() ? "" : "&scope=" + form(issuer.scope()));
        Instant requestedAt = Instant.now();
        return http.post(issuer.tokenUrl(), Map.of(
                        "Authorization", basic,
                        "Content-Type", "application/x-www-form-urlencoded",
                        "Accept", "application/json"), body.getBytes(StandardCharsets.UTF_8), 16 * 1024)
                .map(outcome -> {
                    if (!outcome.acknowledged()) {
                        throw new TokenFailure("token endpoint: " + (outcome.statusCode() == null
                                ? outcome.error() : "HTTP " + outcome.statusCode()));
                    }
                    JsonNode answer;
                    try {
                        answer = json.readTree(outcome.response() == null ? "" : outcome.response());
                    } catch (Exception e) {
                        throw new TokenFailure("token endpoint: the answer is not JSON (or longer than 16 KiB)");
                    }
                    String token = answer == null ? null : answer.path("access_token").asText(null);
                    if (token == null || token.isBlank()) {
                        throw new TokenFailure("token endpoint: no access_token in the answer");
                    }
                    long lifetime = answer.path("expires_in").asLong(300);
                    long renewBefore = Math.min(RENEW_BEFORE_SECONDS, lifetime / 2);
                    return new Cached("Bearer " + token, requestedAt.plusSeconds(lifetime - renewBefore), fingerprint);
                });
    }

    /** A changed configuration (PUT) makes the cached token of the previous one unusable. */
    private static String fingerprint(Claimed issuer) {
        return issuer.tokenUrl() + "|" + issuer.clientId() + "|" + issuer.scope() + "|"
                + (issuer.clientSecret() == null ? 0 : java.util.Arrays.hashCode(issuer.clientSecret()));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Cached(String header, Instant renewAt, String fingerprint) {
        @Override
        public String toString() {
            return "Cached[renewAt=" + renewAt + "]";
        }
    }

    /** Why no token was obtained; safe to record as the attempt's error. */
    public static final class TokenFailure extends RuntimeException {
        TokenFailure(String message) {
            super(message, null, false, false);
        }
    }
}
