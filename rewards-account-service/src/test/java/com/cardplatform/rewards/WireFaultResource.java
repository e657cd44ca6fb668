package com.cardplatform.rewards;

import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.PlatformTestResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link PlatformTestResource} (the test database and the test tokens' key) with the service's requests reaching
 * PostgreSQL through {@link PgWireProxy}, which can lose the connection at an exact statement. Flyway connects
 * directly.
 */
public class WireFaultResource extends PlatformTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.putAll(PgWireProxy.quarkusProperties());
        return props;
    }
}
