package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.cards.config.CardsConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The PAN digest key, as the start reads it: no default in {@code prod}, and a key shorter than 32 bytes fails the
 * validation of the configuration (the Bean Validation Quarkus runs on the mapping at start), naming the setting.
 */
class PanDigestKeyTest {

    @Test
    void theProdProfileHasNoDefaultKey() throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(
                        PanDigestKeyTest.class.getResource("/application.properties"), 250))
                .addDefaultInterceptors()
                .build();
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> config.getValue("platform.cards.pan-digest-key", String.class));
        assertTrue(missing.getMessage().contains("PLATFORM_PAN_DIGEST_KEY"), missing.getMessage());
    }

    @Test
    void aKeyShorterThan32BytesStopsTheStartNamingTheSetting() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> config("bench-pan-digest-key-0123456789"));
        assertTrue(refused.getMessage().contains("platform.cards.pan-digest-key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
        config("card-service-test-pan-digest-key");
    }

    private static CardsConfig config(String key) {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        return new SmallRyeConfigBuilder()
                .withMapping(CardsConfig.class)
                .withValidator((BeanValidationConfigValidator) () -> validator)
                .withSources(new MapBackedConfigSource("test", Map.of("platform.cards.pan-digest-key", key), 100) {
                })
                .build()
                .getConfigMapping(CardsConfig.class);
    }
}
