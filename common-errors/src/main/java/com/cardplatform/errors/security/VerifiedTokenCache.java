package com.cardplatform.errors.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token parser of every resource service: smallrye-jwt's, plus a memory of the access tokens it has already
 * verified. A partner sends the same access token with every request for its 15 minutes of life, and verifying
 * it again each time (RS256 signature, JSON parsing, claim checks) was the largest single CPU cost of a cheap
 * request. A token is taken from memory only when its exact compact serialization (header, claims and signature,
 * byte for byte) was verified before, and only until its {@code exp}: a tampered, re-signed or expired token is
 * verified (and refused) as before. What the memory cannot do: forget a token whose signing key was withdrawn
 * from the JWKS before the token expired (at most 15 minutes; the platform has no revocation either way).
 *
 * <p>Bounded: above {@value #MAX_TOKENS} tokens the expired ones are dropped, and if that is not enough, all.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    static final int MAX_TOKENS = 10_000;

    private final JWTParser verifier;
    private final LongSupplier epochSeconds;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokenCache(DefaultJWTParser verifier) {
        this(verifier, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokenCache(JWTParser verifier, LongSupplier epochSeconds) {
        this.verifier = verifier;
        this.epochSeconds = epochSeconds;
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

    /** The token as verified before, if it was and has not expired since; otherwise null. */
    public JsonWebToken remembered(String token) {
        JsonWebToken known = verified.get(token);
        if (known == null) {
            return null;
        }
        if (epochSeconds.getAsLong() < known.getExpirationTime()) {
            return known;
        }
        verified.remove(token, known);
        return null;
    }

    private void remember(String token, JsonWebToken fresh) {
        if (fresh.getExpirationTime() <= 0) {
            return; // no exp: never remembered (the platform's tokens always carry one)
        }
        if (verified.size() >= MAX_TOKENS) {
            long now = epochSeconds.getAsLong();
            verified.values().removeIf(t -> t.getExpirationTime() <= now);
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, fresh);
    }

    int size() {
        return verified.size();
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
