package com.cardplatform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.auth.token.SigningKeys;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * auth-service does not start issuing tokens the resource services would refuse: its access-token lifetime must be
 * within the platform's maximum (common-errors' platform.security.tokens.max-lifetime-seconds).
 */
class AccessTokenLifetimeTest {

    @Test
    void refusesToStartWithTokensLivingLongerThanThePlatformAccepts() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config("3600"), 930));
        assertTrue(refused.getMessage().contains("platform.auth.access-token-seconds"), refused.getMessage());
        assertTrue(refused.getMessage().contains("platform.security.tokens.max-lifetime-seconds"), refused.getMessage());
    }

    @Test
    void theIssuedLifetimeIsWithinThePlatformDefault() {
        AuthConfig defaults = config(null);
        assertEquals(900, defaults.accessTokenSeconds());
        new SigningKeys(defaults, 930); // the platform default of common-errors
    }

    private static AuthConfig config(String accessTokenSeconds) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "platform.auth.issuer", "https://auth.card-platform.test",
                "platform.auth.token-endpoint", "https://auth.card-platform.test/oauth2/token",
                "platform.auth.secret-pepper", "a-32-character-pepper-0123456789"));
        if (accessTokenSeconds != null) {
            values.put("platform.auth.access-token-seconds", accessTokenSeconds);
        }
        return new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withSources(new MapBackedConfigSource("test", values, 100) {
                })
                .build()
                .getConfigMapping(AuthConfig.class);
    }
}
