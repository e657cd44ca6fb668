package com.cardplatform.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the authorization server ({@code platform.auth.*}). */
@ConfigMapping(prefix = "platform.auth")
public interface AuthConfig {

    /** The {@code iss} of every access token. */
    String issuer();

    /** Public URL of the token endpoint: the audience JWT-bearer assertions must name. */
    String tokenEndpoint();

    /** PEM file (PKCS#8) of the RSA signing key; absent: an ephemeral key is generated (local use only). */
    Optional<String> signingKeyLocation();

    /** {@code kid} of the signing key; absent: derived from the key (RFC 7638 thumbprint). */
    Optional<String> signingKeyId();

    /** Public keys kept in the JWKS after a rotation: {@code kid=path,kid=path}. */
    Optional<String> previousPublicKeys();

    /** Refuse to start without a configured signing key (production). */
    @WithDefault("false")
    boolean requireSigningKey();

    /** Key of the HMAC-SHA256 digests of client secrets. */
    String secretPepper();

    /** Bootstrap clients file (JSON). */
    Optional<String> bootstrapClients();

    /** Lifetime of access tokens, seconds. */
    @WithDefault("900")
    long accessTokenSeconds();

    /** Longest accepted lifetime of a JWT-bearer assertion, seconds (RFC 7523; D1 asks 15 minutes). */
    @WithDefault("900")
    long maxAssertionSeconds();

    /** Clock skew tolerated on assertion times, seconds. */
    @WithDefault("30")
    long clockSkewSeconds();
}
