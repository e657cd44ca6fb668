package com.cardplatform.runtime.observability;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The platform's sampler for quarkus-opentelemetry, which takes a {@link Sampler} bean over its configured one. */
public class TracingProducers {

    @Produces
    @Singleton
    Sampler platformSampler(@ConfigProperty(name = TracingDefaults.RATIO) double ratio) {
        return new PlatformSampler(ratio);
    }
}
