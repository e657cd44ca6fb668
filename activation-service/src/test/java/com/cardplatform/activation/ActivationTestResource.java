package com.cardplatform.activation;

import com.cardplatform.testing.PlatformTestResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform's test environment (real PostgreSQL, token key) plus a known HMAC key, so tests can check hashes. */
public class ActivationTestResource extends PlatformTestResource {

    /** The HMAC key the service under test uses; tests recompute the expected hashes with it. */
    public static final String HMAC_KEY = "activation-test-hmac-key-0123456789-abcdefghijklmnop";

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.put("platform.activation.hmac-key", HMAC_KEY);
        return props;
    }
}
