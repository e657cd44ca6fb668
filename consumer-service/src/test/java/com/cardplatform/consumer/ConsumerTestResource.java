package com.cardplatform.consumer;

import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * consumer-service under test: the real PostgreSQL, the test token key, and the fake card-service (which is also
 * the token endpoint). Fault-tolerance values, worker interval and backoff are shortened so that the outbox can
 * be watched finishing its work within a test. Works for the packaged application too (everything is reached
 * over localhost).
 */
public class ConsumerTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String FT = "quarkus.fault-tolerance.\"com.cardplatform.consumer.client.CardServiceClient/deleteCards\".";

    @Override
    public Map<String, String> start() {
        FakeCardService fake = FakeCardService.get();
        Map<String, String> props = new LinkedHashMap<>(TestDatabase.quarkusProperties());
        props.putAll(TestTokens.quarkusProperties());
        props.put("platform.card-service.url", fake.url());
        props.put("platform.card-service.token-url", fake.tokenUrl());
        props.put("platform.card-service.client-id", FakeCardService.CLIENT_ID);
        props.put("platform.card-service.client-secret", FakeCardService.CLIENT_SECRET);
        props.put(FT + "timeout.value", "2000");
        props.put(FT + "retry.max-retries", "1");
        props.put(FT + "retry.delay", "100");
        props.put(FT + "circuit-breaker.delay", "1000");
        props.put(FT + "circuit-breaker.request-volume-threshold", "4");
        props.put("platform.consumer.cascade.inline-wait", "PT6S");
        props.put("platform.consumer.cascade.lease", "PT6S");
        props.put("platform.consumer.cascade.every", "1s");
        props.put("platform.consumer.cascade.backoff-initial", "PT0.2S");
        props.put("platform.consumer.cascade.backoff-max", "PT1S");
        props.put("platform.consumer.cascade.max-attempts", "1000");
        props.put("platform.consumer.cascade.max-age", "PT1H");
        props.put("platform.consumer.purge.every", "2s");
        return props;
    }

    @Override
    public void stop() {
        // the fake and the database live until the JVM exits: every test class shares them
    }
}
