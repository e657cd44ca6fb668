package com.cardplatform.consumer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ConsumerTestResource} with a cascade that gives up after {@value #MAX_ATTEMPTS} attempts, a circuit breaker
 * that never opens (so that card-service's return is seen by the very next attempt, not after the breaker's
 * delay), and the application's log also written to {@link #LOG} so that a test can read its lines (in this JVM or
 * from the packaged application alike).
 */
public class ShortGiveUpResource extends ConsumerTestResource {

    static final int MAX_ATTEMPTS = 3;
    static final Path LOG = Path.of("target", "deletion-recovery.log").toAbsolutePath();

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.put("platform.consumer.cascade.max-attempts", String.valueOf(MAX_ATTEMPTS));
        props.put(FT + "circuit-breaker.request-volume-threshold", "100000");
        // a handler of its own: the file handler itself is the integration test launcher's (target/quarkus.log)
        props.put("quarkus.log.handler.file.recovery.enabled", "true");
        props.put("quarkus.log.handler.file.recovery.path", LOG.toString());
        props.put("quarkus.log.handler.file.recovery.format", "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5p [%c{2.}] (%t) %s%e%n");
        props.put("quarkus.log.category.\"com.cardplatform.consumer\".handlers", "recovery");
        return props;
    }
}
