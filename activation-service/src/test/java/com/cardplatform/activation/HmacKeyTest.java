package com.cardplatform.activation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.activation.config.ActivationConfig;
import com.cardplatform.activation.config.ActivationSettingsCheck;
import com.cardplatform.activation.service.CodeHasher;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The activation-code HMAC key, as the start reads it: no default in {@code prod}, and a key shorter than 32
 * characters stops the start ({@link CodeHasher} is created at start), naming the setting; the limits' bounds too
 * ({@link ActivationSettingsCheck}).
 */
class HmacKeyTest {

    @Test
    void theProdProfileHasNoDefaultKey() throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(HmacKeyTest.class.getResource("/application.properties"), 250))
                .addDefaultInterceptors()
                .build();
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> config.getValue("platform.activation.hmac-key", String.class));
        assertTrue(missing.getMessage().contains("PLATFORM_ACTIVATION_HMAC_KEY"), missing.getMessage());
    }

    @Test
    void aKeyShorterThan32BytesStopsTheStartNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new CodeHasher(config(Map.of("platform.activation.hmac-key", "a-31-character-hmac-key-0123456"))));
        assertTrue(refused.getMessage().contains("platform.activation.hmac-key"), refused.getMessage());
        assertFalse(refused.getMessage().contains("a-31-character-hmac-key"), "the message must not quote the key");
        new CodeHasher(config(Map.of()));
    }

    @Test
    void theLimitsStopTheStartOutsideTheirBounds() {
        ActivationSettingsCheck.check(config(Map.of("platform.activation.max-records", "50000",
                "platform.activation.max-failed-attempts", "100")));
        ActivationSettingsCheck.check(config(Map.of("platform.activation.max-records", "1",
                "platform.activation.max-failed-attempts", "1")));
        for (Map.Entry<String, String> wrong : Map.of("platform.activation.max-records", "50001",
                "platform.activation.max-failed-attempts", "0").entrySet()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ActivationSettingsCheck.check(config(Map.of(wrong.getKey(), wrong.getValue()))));
            assertTrue(refused.getMessage().startsWith(wrong.getKey() + " must be between 1 and "), refused.getMessage());
        }
    }

    /** The mapping as the start reads it, from valid settings with {@code overrides} on top. */
    private static ActivationConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("platform.activation.hmac-key", "a-32-character-hmac-key-01234567"));
        settings.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(ActivationConfig.class)
                .withSources(new MapBackedConfigSource("test", settings, 100) {
                })
                .build()
                .getConfigMapping(ActivationConfig.class);
    }
}
