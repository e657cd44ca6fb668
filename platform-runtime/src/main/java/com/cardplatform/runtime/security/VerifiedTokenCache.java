package com.cardplatform.runtime.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The token parser of every resource service: smallrye-jwt's, plus a memory of the access tokens it has already
 * verified. A partner sends the same access token with every request for its 15 minutes of life, and verifying
 * it again each time (RS256 signature, JSON parsing, claim checks) was the largest single CPU cost of a cheap
 * request. A token is taken from memory only when its exact compact serialization (header, claims and signature,
 * byte for byte) was verified before, and only until the earlier of its {@code exp} and
 * {@code platform.security.tokens.remember-for} after its verification: a tampered, re-signed or expired token is
 * verified (and refused) as before.
 *
 * <p>What is never remembered: a token that lives longer than {@code platform.security.tokens.max-lifetime-seconds}
 * ({@code exp - iat}; refused, whatever its signature), or one without {@code exp}/{@code iat}. Each token is
 * remembered with the key ({@code kid}) that verified it: when {@link PublishedKeys} sees that key leave the JWKS,
 * its tokens are forgotten and the next request verifies again (and is refused, since smallrye-jwt no longer has
 * the key either).
 *
 * <p>Bounded (Caffeine): at most {@code remember-max} tokens, each dropped at its own expiry, and at most
 * {@code remember-max-per-client} per client ({@code sub}); a client above its share loses its own oldest token,
 * so that one client minting tokens in a loop cannot push the other clients' tokens out of memory.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    /** The limits, in the units the memory works in. */
    record Limits(long maxLifetimeSeconds, long rememberForSeconds, int maxTokens, int maxTokensPerClient) {
        static Limits of(TokenMemoryConfig config) {
            return new Limits(config.maxLifetimeSeconds(), config.rememberFor().toSeconds(), config.rememberMax(),
                    config.rememberMaxPerClient());
        }
    }

    /**
     * A verified token, whose it is, the key that verified it, until when it is trusted (epoch seconds), and its
     * {@link Caller} (null for a token without {@code sub}).
     */
    private record Remembered(JsonWebToken token, String client, String keyId, long until, Caller caller) {
    }

    private final JWTParser verifier;
    private final LongSupplier epochSeconds;
    private final Limits limits;
    private final Cache<String, Remembered> verified;
    /** Each client's remembered tokens, oldest first; changed only inside {@code compute} (atomic per client). */
    private final ConcurrentHashMap<String, ArrayDeque<String>> byClient = new ConcurrentHashMap<>();
    /** The key ids of the JWKS last fetched; null until a first fetch (or when keys are not fetched at all). */
    private volatile Set<String> publishedKeyIds;

    @Inject
    public VerifiedTokenCache(DefaultJWTParser verifier, TokenMemoryConfig config) {
        this(verifier, () -> System.currentTimeMillis() / 1000, Ticker.systemTicker(), Limits.of(config));
    }

    VerifiedTokenCache(JWTParser verifier, LongSupplier epochSeconds, Ticker ticker, Limits limits) {
        this.verifier = verifier;
        this.epochSeconds = epochSeconds;
        this.limits = limits;
        this.verified = Caffeine.newBuilder()
                .maximumSize(limits.maxTokens())
                .expireAfter(new Expiry<String, Remembered>() {
                    @Override
                    public long expireAfterCreate(String token, Remembered remembered, long currentTime) {
                        long seconds = Math.max(0, remembered.until() - epochSeconds.getAsLong());
                        return TimeUnit.SECONDS.toNanos(seconds);
                    }

                    @Override
                    public long expireAfterUpdate(String token, Remembered remembered, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(token, remembered, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String token, Remembered remembered, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                // bookkeeping on the calling thread: no pool thread per eviction, and the per-client lists stay
                // in step with the memory
                .executor(Runnable::run)
                .removalListener(this::forgotten)
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = remembered(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = verifier.parse(token);
        remember(token, fresh);
        return fresh;
    }

    /** The token as verified before, if it was and is still trusted; otherwise null. */
    public JsonWebToken remembered(String token) {
        Remembered known = verified.getIfPresent(token);
        if (known == null) {
            return null;
        }
        if (epochSeconds.getAsLong() < known.until()) {
            return known.token();
        }
        verified.asMap().remove(token, known);
        return null;
    }

    /**
     * The {@link Caller} of a token this memory handed out, made once when the token was verified rather than on
     * every request: the same {@code JsonWebToken} comes back for every request made with the same access token, and
     * reading its {@code issuer_id} claim costs 7-8 µs each time (smallrye-jwt looks every non-standard claim name
     * up with {@code Claims.valueOf} and catches the {@code IllegalArgumentException}, which fills in the deep stack
     * of a reactive request; async-profiler on Blackhawk writes). Any other token is read as before.
     */
    public Caller callerOf(JsonWebToken token) {
        Caller known = rememberedCaller(token);
        return known != null ? known : Caller.of(token);
    }

    /**
     * The scopes a token may act with ({@link TokenAudiences#effectiveScopes}): those of its remembered
     * {@link Caller} when this memory handed the token out, so that {@link AudienceScopes} does not read the claims
     * again on every request either.
     */
    public Set<String> effectiveScopesOf(JsonWebToken token) {
        Caller known = rememberedCaller(token);
        return known != null ? known.scopes() : TokenAudiences.effectiveScopes(token);
    }

    private Caller rememberedCaller(JsonWebToken token) {
        String raw = token == null ? null : token.getRawToken();
        Remembered known = raw == null ? null : verified.getIfPresent(raw);
        return known != null && known.token() == token ? known.caller() : null;
    }

    /**
     * The key ids the JWKS publishes now: tokens verified by any other key are forgotten, and from now on a token
     * without {@code kid} is not remembered (it could not be tied to a key).
     */
    public void keysPublished(Set<String> keyIds) {
        Set<String> current = Set.copyOf(keyIds);
        publishedKeyIds = current;
        verified.asMap().values().removeIf(r -> r.keyId() == null || !current.contains(r.keyId()));
    }

    private void remember(String token, JsonWebToken fresh) throws ParseException {
        long exp = fresh.getExpirationTime();
        long iat = fresh.getIssuedAtTime();
        if (exp <= 0 || iat <= 0) {
            return; // the platform's tokens always carry both (smallrye-jwt requires them with a time-to-live)
        }
        if (exp - iat > limits.maxLifetimeSeconds()) {
            throw new ParseException("The token lives longer than " + limits.maxLifetimeSeconds() + " seconds");
        }
        String keyId = keyId(token);
        if (keyId == null && publishedKeyIds != null) {
            return;
        }
        long now = epochSeconds.getAsLong();
        long until = Math.min(exp, now + limits.rememberForSeconds());
        if (until <= now || verified.getIfPresent(token) != null) {
            return;
        }
        String client = fresh.getSubject() == null ? "" : fresh.getSubject();
        List<String> pushedOut = new ArrayList<>();
        byClient.compute(client, (id, tokens) -> {
            ArrayDeque<String> mine = tokens == null ? new ArrayDeque<>() : tokens;
            if (!mine.contains(token)) {
                while (mine.size() >= limits.maxTokensPerClient()) {
                    pushedOut.add(mine.removeFirst());
                }
                mine.addLast(token);
            }
            return mine;
        });
        Caller caller = fresh.getSubject() == null ? null : Caller.of(fresh);
        verified.put(token, new Remembered(fresh, client, keyId, until, caller));
        pushedOut.forEach(verified::invalidate);
    }

    /** Keeps the per-client lists in step with the memory (a replaced entry is still remembered). */
    private void forgotten(String token, Remembered remembered, RemovalCause cause) {
        if (token == null || remembered == null || cause == RemovalCause.REPLACED) {
            return;
        }
        byClient.computeIfPresent(remembered.client(), (id, mine) -> {
            mine.remove(token);
            return mine.isEmpty() ? null : mine;
        });
    }

    /** The {@code kid} of the token's (already verified) header, or null. */
    static String keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            Object kid = JsonUtil.parseJson(header).get("kid");
            return kid instanceof String s ? s : null;
        } catch (IllegalArgumentException | JoseException e) {
            return null;
        }
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    int sizeOf(String client) {
        verified.cleanUp();
        ArrayDeque<String> mine = byClient.get(client);
        return mine == null ? 0 : mine.size();
    }

    // Everything else is the verifier's own, unremembered: the platform uses none of it on the request path.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
