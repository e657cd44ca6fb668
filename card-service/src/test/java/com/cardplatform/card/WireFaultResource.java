package com.cardplatform.card;

import com.cardplatform.testing.PgWireProxy;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link CardTestResource} with the service's requests reaching PostgreSQL through {@link PgWireProxy}. */
public class WireFaultResource extends CardTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.putAll(PgWireProxy.quarkusProperties());
        return props;
    }
}
