package com.cardplatform.testing.probe;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The probe app needs no database, only the test token key. */
public class TokenOnlyResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return TestTokens.quarkusProperties();
    }

    @Override
    public void stop() {
    }
}
