package com.cardplatform.activation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.activation.config.ActivationConfig;
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
 * The activation-code HMAC key, as the start reads it: no default in {@code prod}, and a key shorter than 32 bytes
 * fails the validation of the configuration (the Bean Validation Quarkus runs on the mapping at start), naming the
 * setting.
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
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> config("a-31-character-hmac-key-0123456"));
        assertTrue(refused.getMessage().contains("platform.activation.hmac-key"), refused.getMessage());
        config("a-32-character-hmac-key-01234567");
    }

    private static ActivationConfig config(String key) {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        return new SmallRyeConfigBuilder()
                .withMapping(ActivationConfig.class)
                .withValidator((BeanValidationConfigValidator) () -> validator)
                .withSources(new MapBackedConfigSource("test", Map.of("platform.activation.hmac-key", key), 100) {
                })
                .build()
                .getConfigMapping(ActivationConfig.class);
    }
}
