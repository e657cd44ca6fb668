package com.cardplatform.runtime.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampling ratio follows the OTLP endpoint, and an operator's own ratio wins. */
class TracingDefaultsTest {

    @Test
    void nothingIsRecordedWithoutAnEndpoint() {
        assertEquals(0.0, ratio(Map.of()));
        assertEquals(0.0, ratio(Map.of("quarkus.otel.exporter.otlp.endpoint", " ")));
        // Quarkus's default, which the factory sees as a value
        assertEquals(0.0, ratio(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/",
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4317/")));
    }

    @Test
    void everythingIsRecordedWhenAnEndpointIsSet() {
        assertEquals(1.0, ratio(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertEquals(1.0, ratio(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces")));
    }

    @Test
    void anExplicitRatioWins() {
        assertEquals(0.25, ratio(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.traces.sampler.arg", "0.25")));
        assertEquals(0.5, ratio(Map.of("quarkus.otel.traces.sampler.arg", "0.5")));
    }

    private static double ratio(Map<String, String> operatorSettings) {
        // what an operator sets in application.properties (ordinal 250) or the environment (300)
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(operatorSettings, "operator", 250))
                .withSources(new TracingDefaults())
                .build();
        return config.getValue(TracingDefaults.RATIO, Double.class);
    }
}
