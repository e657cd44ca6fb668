package com.cardplatform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.auth.config.AuthSettingsCheck;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The client-secret pepper, as the start reads it: the shipped configuration gives it no default in {@code prod},
 * and a pepper shorter than 32 bytes stops the start, naming the setting, before the service does anything else
 * ({@link AuthSettingsCheck}, the first thing the start does). The issuer's shape and the throttle's minimums too.
 */
class SecretPepperTest {

    @Test
    void theProdProfileHasNoDefaultPepper() throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(
                        SecretPepperTest.class.getResource("/application.properties"), 250))
                .addDefaultInterceptors()
                .build();
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> config.getValue("platform.auth.secret-pepper", String.class));
        assertTrue(missing.getMessage().contains("PLATFORM_CLIENT_SECRET_PEPPER"), missing.getMessage());
    }

    @Test
    void aPepperShorterThan32BytesStopsTheStartNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AuthSettingsCheck.check(config(Map.of("platform.auth.secret-pepper", "a-31-character-pepper-012345678"))));
        assertTrue(refused.getMessage().contains("platform.auth.secret-pepper"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
        assertFalse(refused.getMessage().contains("a-31-character-pepper"), "the message must not quote the pepper");
    }

    @Test
    void aPepperOf32BytesIsAccepted() {
        AuthSettingsCheck.check(config(Map.of()));
    }

    @Test
    void anIssuerWithAPathOrNotHttpsStopsTheStart() {
        for (String issuer : new String[] {"https://auth.card-platform.test/", "https://auth.card-platform.test/realm",
                "http://auth.card-platform.test", "https://auth.card-platform.test?x=1"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> AuthSettingsCheck.check(config(Map.of("platform.auth.issuer", issuer))), issuer);
            assertTrue(refused.getMessage().startsWith("platform.auth.issuer must be https://<host>[:<port>]"),
                    refused.getMessage());
        }
        AuthSettingsCheck.check(config(Map.of("platform.auth.issuer", "https://[::1]:8443")));
    }

    @Test
    void theThrottleNeedsAtLeastOneOfEach() {
        for (String setting : new String[] {"per-client", "per-address", "tracked"}) {
            String property = "platform.auth.failed-authentication." + setting;
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> AuthSettingsCheck.check(config(Map.of(property, "0"))), property);
            assertEquals(property + " must be at least 1", refused.getMessage());
        }
    }

    /** The mapping as the start reads it, from valid settings with {@code overrides} on top. */
    private static AuthConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "platform.auth.issuer", "https://auth.card-platform.test",
                "platform.auth.token-endpoint", "https://auth.card-platform.test/oauth2/token",
                "platform.auth.secret-pepper", "a-32-character-pepper-0123456789"));
        settings.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withSources(new MapBackedConfigSource("test", settings, 100) {
                })
                .build()
                .getConfigMapping(AuthConfig.class);
    }
}
