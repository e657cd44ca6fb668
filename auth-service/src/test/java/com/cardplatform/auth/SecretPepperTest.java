package com.cardplatform.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.auth.config.AuthConfig;
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
 * The client-secret pepper, as the start reads it: the shipped configuration gives it no default in {@code prod},
 * and a pepper shorter than 32 bytes fails the validation of the configuration, naming the setting, before the
 * service does anything (the same Bean Validation Quarkus runs on the mapping at start).
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
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> config("a-31-character-pepper-012345678"));
        assertTrue(refused.getMessage().contains("platform.auth.secret-pepper"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
    }

    @Test
    void aPepperOf32BytesIsAccepted() {
        config("a-32-character-pepper-0123456789");
    }

    private static AuthConfig config(String pepper) {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        return new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withValidator((BeanValidationConfigValidator) () -> validator)
                .withSources(new MapBackedConfigSource("test", Map.of(
                        "platform.auth.issuer", "https://auth.card-platform.test",
                        "platform.auth.token-endpoint", "https://auth.card-platform.test/oauth2/token",
                        "platform.auth.secret-pepper", pepper), 100) {
                })
                .build()
                .getConfigMapping(AuthConfig.class);
    }
}
