package com.cardplatform.activation;

import com.cardplatform.testing.PgWireProxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ActivationTestResource} (database, token key, HMAC key) with the service's requests reaching PostgreSQL
 * through {@link PgWireProxy}, which can lose the connection at an exact statement; Flyway connects directly.
 */
public class WireFaultResource extends ActivationTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.putAll(PgWireProxy.quarkusProperties());
        return props;
    }
}
