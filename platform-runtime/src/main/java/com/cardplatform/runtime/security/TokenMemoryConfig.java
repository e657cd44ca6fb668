package com.cardplatform.runtime.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long and how many verified access tokens every service remembers ({@code platform.security.tokens.*}), and
 * the longest token lifetime the platform accepts at all. The lifetime is also smallrye-jwt's own
 * {@code smallrye.jwt.time-to-live} (META-INF/microprofile-config.properties), so a token that lives longer is
 * refused by the verification itself, remembered or not.
 */
@ConfigMapping(prefix = "platform.security.tokens")
public interface TokenMemoryConfig {

    /**
     * Longest accepted {@code exp - iat}, seconds. auth-service issues 900 s tokens; the default (930) leaves the
     * issuer's rounding a margin. A token signed by the right key that lives longer is a 401.
     */
    long maxLifetimeSeconds();

    /** A remembered token is trusted until the earlier of its {@code exp} and this long after it was verified. */
    @WithDefault("PT15M")
    Duration rememberFor();

    /** Tokens remembered at most (all clients). */
    @WithDefault("10000")
    int rememberMax();

    /**
     * Tokens remembered at most per client ({@code sub}): a client that mints tokens in a loop pushes out its own
     * older ones, never the other clients'.
     */
    @WithDefault("50")
    int rememberMaxPerClient();
}
