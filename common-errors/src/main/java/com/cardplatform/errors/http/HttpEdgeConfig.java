package com.cardplatform.errors.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request-edge rules shared by every service: correlation id and body size. */
@ConfigMapping(prefix = "platform.http")
public interface HttpEdgeConfig {

    /** Header carrying the correlation id, in and out. */
    @WithDefault("x-correlation-id")
    String correlationHeader();

    /** The documented pattern of the correlation id; an invalid one is a 400 in the service's dialect. */
    @WithDefault("^[A-Za-z0-9_-]{1,64}$")
    String correlationPattern();

    /** Largest accepted request body, checked from Content-Length before any parsing (413 in the dialect). */
    @WithDefault("1048576")
    long maxBodyBytes();
}
