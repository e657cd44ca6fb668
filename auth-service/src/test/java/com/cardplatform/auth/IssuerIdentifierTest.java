package com.cardplatform.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.auth.config.AuthConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code platform.auth.issuer} is checked at start against {@link AuthConfig#ISSUER_PATTERN} ({@code AuthSettingsCheck},
 * which SecretPepperTest drives): only an RFC 8414 issuer identifier whose metadata this service serves, i.e. an https
 * origin in one spelling, passes.
 */
class IssuerIdentifierTest {

    private static final String PATTERN = AuthConfig.ISSUER_PATTERN;

    @Test
    void acceptsHttpsOrigins() {
        for (String issuer : new String[] {"https://localhost:8443", "https://api.card-platform.example",
                "https://api.dev.card-platform.example:443", "https://127.0.0.1:8443", "https://[::1]:8443"}) {
            assertTrue(issuer.matches(PATTERN), issuer);
        }
    }

    @Test
    void refusesWhatCannotServeTheMetadataAtItsWellKnownUrl() {
        for (String issuer : new String[] {"", "localhost:8443", "http://localhost:8081", "https://localhost:8443/",
                "https://api.card-platform.example/auth", "https://api.card-platform.example?tenant=1",
                "https://api.card-platform.example#top", "https://user@api.card-platform.example",
                "https://api.card-platform.example:", "HTTPS://api.card-platform.example",
                " https://api.card-platform.example"}) {
            assertFalse(issuer.matches(PATTERN), issuer);
        }
    }
}
