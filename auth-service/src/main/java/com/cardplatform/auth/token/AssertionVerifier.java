package com.cardplatform.auth.token;

import com.cardplatform.auth.client.ClientKey;
import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.errors.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.JoseException;

/**
 * Verifies RFC 7523 JWT-bearer assertions in two steps (the signature, then the claims, so that nothing about the
 * client is told before its key has spoken): ES256 or RS256 only, signed by a key registered for the client,
 * {@code iss} = {@code sub} = client id, {@code aud} = the token endpoint (or the issuer), an expiry at most
 * 15 minutes ahead, and a {@code jti} (replay is checked by the caller, against the database).
 */
@ApplicationScoped
public class AssertionVerifier {

    /** What a parsed but not yet verified assertion claims. */
    public record Unverified(JwtContext context, String clientId, String keyId) {
    }

    /** A verified assertion: who and which jti, until when. */
    public record Verified(String clientId, String jti, long expiresAtSeconds) {
    }

    private static final JwtConsumer PARSER = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256);

    private final AuthConfig config;

    public AssertionVerifier(AuthConfig config) {
        this.config = config;
    }

    public Unverified parse(String assertion) {
        try {
            JwtContext context = PARSER.process(assertion);
            String alg = context.getJoseObjects().get(0).getAlgorithmHeaderValue();
            if (!AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(alg)
                    && !AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)) {
                throw invalidGrant("The assertion must be signed with ES256 or RS256");
            }
            JwtClaims claims = context.getJwtClaims();
            String issuer = claims.getIssuer();
            if (issuer == null || !issuer.equals(claims.getSubject())) {
                throw invalidGrant("The assertion's iss and sub must both be the client id");
            }
            return new Unverified(context, issuer, context.getJoseObjects().get(0).getKeyIdHeaderValue());
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw invalidGrant("The assertion is not a well-formed JWT");
        }
    }

    /**
     * Checks the signature against the client's registered keys. An unknown client (no keys), an unregistered key
     * and a wrong signature all fail with {@link #NOT_TRUSTED}, the answer a disabled client gets as well: nothing
     * tells a caller which of them it was.
     */
    public void verifySignature(Unverified assertion, List<ClientKey> keys) {
        Key key = select(assertion, keys).orElseThrow(AssertionVerifier::notTrusted);
        JsonWebSignature jws = (JsonWebSignature) assertion.context().getJoseObjects().get(0);
        try {
            jws.setAlgorithmConstraints(ALGORITHMS);
            jws.setKey(key);
            if (!jws.verifySignature()) {
                throw notTrusted();
            }
        } catch (JoseException e) {
            throw notTrusted(); // e.g. an RS256 assertion under the kid of an EC key
        }
    }

    /** The claims of an assertion whose signature {@link #verifySignature} accepted. */
    public Verified verifyClaims(Unverified assertion) {
        long skew = config.clockSkewSeconds();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setMaxFutureValidityInMinutes((int) Math.ceil((config.maxAssertionSeconds() + skew) / 60.0))
                .setAllowedClockSkewInSeconds((int) skew)
                .setExpectedIssuer(assertion.clientId())
                .setExpectedSubject(assertion.clientId())
                .setExpectedAudience(config.tokenEndpoint(), config.issuer())
                .setSkipSignatureVerification() // verified by verifySignature, with the client's key
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .build();
        try {
            consumer.processContext(assertion.context());
            JwtClaims claims = assertion.context().getJwtClaims();
            long now = System.currentTimeMillis() / 1000;
            long exp = claims.getExpirationTime().getValue();
            if (exp - now > config.maxAssertionSeconds() + skew) {
                throw invalidGrant("The assertion expires more than " + config.maxAssertionSeconds() / 60
                        + " minutes from now");
            }
            String jti = claims.getJwtId();
            if (jti.length() > 256) {
                throw invalidGrant("The assertion's jti is longer than 256 characters");
            }
            return new Verified(assertion.clientId(), jti, exp);
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw invalidGrant("The assertion has expired");
            }
            if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                throw invalidGrant("The assertion's audience must be the token endpoint");
            }
            if (e.hasErrorCode(ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE)) {
                throw invalidGrant("The assertion expires more than " + config.maxAssertionSeconds() / 60
                        + " minutes from now");
            }
            if (e.hasErrorCode(ErrorCodes.JWT_ID_MISSING)) {
                throw invalidGrant("The assertion has no jti");
            }
            throw invalidGrant("The assertion is not valid");
        } catch (MalformedClaimException e) {
            throw invalidGrant("The assertion is not valid");
        }
    }

    private static Optional<Key> select(Unverified assertion, List<ClientKey> keys) {
        for (ClientKey candidate : keys) {
            boolean kidMatches = assertion.keyId() == null ? keys.size() == 1
                    : assertion.keyId().equals(candidate.id.kid);
            if (kidMatches) {
                try {
                    JsonWebKey jwk = JsonWebKey.Factory.newJwk(candidate.publicJwk);
                    return Optional.of(jwk instanceof PublicJsonWebKey pub ? pub.getPublicKey() : jwk.getKey());
                } catch (JoseException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The one answer for an unknown client, a disabled client, an unregistered key and a wrong signature. */
    static final String NOT_TRUSTED = "The assertion is not signed by a registered key of an enabled client";

    static ApiError notTrusted() {
        return invalidGrant(NOT_TRUSTED);
    }

    static ApiError invalidGrant(String detail) {
        return ApiError.invalidValue("assertion", detail).withCode("invalid_grant");
    }
}
