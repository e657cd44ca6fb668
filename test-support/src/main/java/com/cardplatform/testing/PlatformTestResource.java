package com.cardplatform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test environment of a service: a real PostgreSQL and the public key of {@link TestTokens}. Works for
 * {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} alike (the properties are handed to the packaged
 * application, which connects to the same database as the test JVM).
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(TestDatabase.quarkusProperties());
        props.putAll(TestTokens.quarkusProperties());
        return props;
    }

    @Override
    public void stop() {
        // the database lives until the JVM exits: several test classes share it
    }
}
