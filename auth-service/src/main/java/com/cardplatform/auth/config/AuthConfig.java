package com.cardplatform.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the authorization server ({@code platform.auth.*}). What their types cannot say (the issuer's shape, the
 * pepper's length, the throttle's minimums) is checked at start by {@link AuthSettingsCheck}.
 */
@ConfigMapping(prefix = "platform.auth")
public interface AuthConfig {

    /**
     * The issuer identifier (RFC 8414 section 2): the {@code iss} of every access token and the public URL whose
     * {@code /.well-known/oauth-authorization-server} serves the metadata. An https URL without path, query or
     * fragment (a path would move the metadata to {@code /.well-known/oauth-authorization-server/<path>}, RFC 8414
     * section 3.1, which no route serves), and without a trailing slash, so that it has one spelling.
     */
    String issuer();

    /** What {@link #issuer()} must match. */
    String ISSUER_PATTERN = "https://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?";

    /** Public URL of the token endpoint: the audience JWT-bearer assertions must name. Default: issuer + /oauth2/token. */
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

    /**
     * Key of the HMAC-SHA256 digests of client secrets: at least 32 bytes (32 characters are at least 32 bytes in
     * UTF-8), no default in {@code prod}. Checked at start.
     */
    String secretPepper();

    /** Smallest accepted digest key. */
    int MIN_KEY_BYTES = 32;

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

    /** Throttling of failed client authentications ({@code platform.auth.failed-authentication.*}). */
    FailedAuthentication failedAuthentication();

    /** How many failed client authentications a client id, and a source address, may have in one window. */
    interface FailedAuthentication {

        /** Failures per client id in one window; then its authentications are refused until the window ends. */
        @WithDefault("10")
        int perClient();

        /** Failures per source address in one window (all client ids together). */
        @WithDefault("50")
        int perAddress();

        /** Length of a window, from its first failure. */
        @WithDefault("PT5M")
        Duration window();

        /** Client ids and addresses counted at most (memory bound; the least used are dropped first). */
        @WithDefault("100000")
        int tracked();
    }
}
