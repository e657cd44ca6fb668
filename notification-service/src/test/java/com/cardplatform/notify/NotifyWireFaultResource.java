package com.cardplatform.notify;

import com.cardplatform.testing.PgWireProxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link NotifyTestResource} with the service's reactive datasource reaching PostgreSQL through {@link PgWireProxy},
 * which can lose the connection at an exact statement; Flyway and the guard's pool connect directly.
 */
public class NotifyWireFaultResource extends NotifyTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.putAll(PgWireProxy.quarkusProperties());
        return props;
    }
}
