package com.cardplatform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Only the real PostgreSQL (for services that verify tokens some other way, such as auth-service itself). */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.quarkusProperties();
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by a shutdown hook
    }
}
