package com.cardplatform.auth.config;

import com.cardplatform.primitives.config.SettingChecks;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import java.util.regex.Pattern;

/**
 * Checks at start, before any other start-up work, what {@link AuthConfig}'s types cannot say. A failure stops the
 * start with the setting and its rule, never the value (platform-primitives' {@code SettingChecks}, which also says
 * why these are not Bean Validation constraints).
 */
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@ApplicationScoped
public class AuthSettingsCheck {

    private static final Pattern ISSUER = Pattern.compile(AuthConfig.ISSUER_PATTERN);

    public AuthSettingsCheck(AuthConfig config) {
        check(config);
    }

    public static void check(AuthConfig config) {
        SettingChecks.matching("platform.auth.issuer", config.issuer(), ISSUER, "https://<host>[:<port>] without path,"
                + " query, fragment or trailing slash (RFC 8414 section 2): the public URL that serves"
                + " /.well-known/oauth-authorization-server");
        SettingChecks.secretOfAtLeast("platform.auth.secret-pepper", "PLATFORM_CLIENT_SECRET_PEPPER",
                config.secretPepper(), AuthConfig.MIN_KEY_BYTES);
        AuthConfig.FailedAuthentication failures = config.failedAuthentication();
        SettingChecks.atLeast("platform.auth.failed-authentication.per-client", failures.perClient(), 1);
        SettingChecks.atLeast("platform.auth.failed-authentication.per-address", failures.perAddress(), 1);
        SettingChecks.atLeast("platform.auth.failed-authentication.tracked", failures.tracked(), 1);
    }
}
