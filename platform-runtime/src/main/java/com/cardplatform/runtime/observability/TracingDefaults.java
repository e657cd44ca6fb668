package com.cardplatform.runtime.observability;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Traces are recorded and exported only where an OTLP endpoint is configured.
 *
 * <p>Every service carries OpenTelemetry: each request gets a trace id and a span id (in the logging context, and
 * carried to the next service in W3C {@code traceparent}) whether or not anything is exported. What is recorded is
 * decided by {@link PlatformSampler} at the ratio {@code quarkus.otel.traces.sampler.arg}, which defaults here to 1
 * when {@code quarkus.otel.exporter.otlp.endpoint} or {@code quarkus.otel.exporter.otlp.traces.endpoint} is set and
 * to 0 when neither is: Quarkus would otherwise send spans to {@code localhost:4317}, which nobody listens on in our
 * deployments. An explicit ratio always wins (this
 * source's ordinal is below every file and the environment).</p>
 */
public class TracingDefaults implements ConfigSourceFactory {

    static final String RATIO = "quarkus.otel.traces.sampler.arg";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");
    /** Below the platform defaults of microprofile-config.properties (100) and everything an operator sets. */
    static final int ORDINAL = 90;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(Map.of(RATIO, exporting(context) ? "1.0" : "0.0"),
                "platform-tracing-defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * Quarkus's own default for both endpoints, which its exporter treats as "not configured" too (and which this
     * factory sees like any other value).
     */
    static final String QUARKUS_DEFAULT_ENDPOINT = "http://localhost:4317/";

    static boolean exporting(ConfigSourceContext context) {
        return ENDPOINTS.stream().map(context::getValue).filter(java.util.Objects::nonNull).map(ConfigValue::getValue)
                .anyMatch(value -> value != null && !value.isBlank() && !QUARKUS_DEFAULT_ENDPOINT.equals(value.trim()));
    }
}
