package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services' settings fail closed: the development conveniences (a known key, http and private destinations,
 * the sandbox's simulations, running without signing or decryption keys) hold in dev mode and tests only. Under the
 * prod profile and under any profile of an operator's own (here "staging"), a key must come from the environment and
 * every safety is on. Each service's application.properties read with SmallRye Config's own profile rules.
 */
class ProfilesFailClosedTest {

    private static SmallRyeConfig config(String service, String profile) throws Exception {
        URL file = IngressRoutingTest.ROOT.resolve(Path.of(service, "src/main/resources/application.properties"))
                .toUri().toURL();
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(file, 250)).build();
    }

    @ParameterizedTest
    @CsvSource({
        "notification-service, platform.notify.secrets-key, PLATFORM_NOTIFY_SECRETS_KEY",
        "activation-service, platform.activation.hmac-key, PLATFORM_ACTIVATION_HMAC_KEY",
        "card-service, platform.cards.pan-digest-key, PLATFORM_PAN_DIGEST_KEY",
        "auth-service, platform.auth.secret-pepper, PLATFORM_CLIENT_SECRET_PEPPER"})
    void aKeyHasADevelopmentValueInDevAndTestsOnly(String service, String property, String variable) throws Exception {
        if (System.getenv(variable) != null) {
            return; // the environment sets it: nothing here can tell the file's defaults
        }
        for (String profile : new String[] {"prod", "staging"}) {
            NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                    () -> config(service, profile).getValue(property, String.class), service + " " + profile);
            assertTrue(missing.getMessage().contains(variable), missing.getMessage());
        }
        for (String profile : new String[] {"dev", "test"}) {
            assertTrue(config(service, profile).getValue(property, String.class).length() >= 32, service + " " + profile);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "notification-service, platform.notify.allow-http, false",
        "notification-service, platform.notify.allow-private-addresses, false",
        "card-service, platform.simulations.enabled, false",
        "card-service, platform.tracking.require-jwe-keys, true",
        "auth-service, platform.auth.require-signing-key, true"})
    void everySafetyIsOnUnderProdAndAnyOtherProfileButDevAndTest(String service, String property, boolean safe)
            throws Exception {
        for (String profile : new String[] {"prod", "staging"}) {
            assertEquals(safe, config(service, profile).getValue(property, Boolean.class), service + " " + profile);
        }
        for (String profile : new String[] {"dev", "test"}) {
            assertEquals(!safe, config(service, profile).getValue(property, Boolean.class), service + " " + profile);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"activation-service", "card-service", "auth-service", "notification-service"})
    void noPropertyIsRelaxedForProdAlone(String service) throws Exception {
        // the pattern this test guards: strict by default, relaxed under %dev,test (a %prod override would leave every
        // other profile relaxed)
        String text = java.nio.file.Files.readString(IngressRoutingTest.ROOT.resolve(Path.of(service,
                "src/main/resources/application.properties")));
        assertTrue(text.lines().noneMatch(line -> line.startsWith("%prod.")), service + " has a %prod. property");
    }
}
